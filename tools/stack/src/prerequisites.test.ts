import { describe, expect, it } from 'vitest';
import { parseJavaMajor } from './prerequisites.js';

describe('parseJavaMajor', () => {
  it('reads the major version from `java -version` output', () => {
    expect(
      parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment'),
    ).toBe(17);
    expect(parseJavaMajor('java version "21" 2023-09-19 LTS')).toBe(21);
  });

  it('reads Java 8 from its 1.8 version scheme', () => {
    expect(parseJavaMajor('openjdk version "1.8.0_402"')).toBe(8);
  });

  it('returns undefined for output that is not a Java version', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});
