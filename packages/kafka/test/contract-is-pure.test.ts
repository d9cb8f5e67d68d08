import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// infra, generators and the stack import the contract before any build and without kafkajs.
const dir = join(import.meta.dirname, '../src/contract');

describe('the contract module', () => {
  it('imports nothing but its own files', () => {
    const shipped = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(shipped.length).toBeGreaterThan(0);
    for (const file of shipped) {
      const source = readFileSync(join(dir, file), 'utf8');
      const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]);
      expect(
        specifiers.filter((s) => !s?.startsWith('./')),
        file,
      ).toEqual([]);
    }
  });
});
