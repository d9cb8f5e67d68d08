import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  envBool,
  envEnum,
  envInt,
  envList,
  envString,
  loadConfig,
  resolveFileSecrets,
  serviceEnvShape,
} from './config.js';

const shape = {
  ...serviceEnvShape,
  NAME: envString(),
  FLAG: envBool(false),
  COUNT: envInt(3, 1, 10),
  MODE: envEnum(['a', 'b'], 'a'),
  ITEMS: envList(['x']),
};

describe('loadConfig', () => {
  it('applies defaults when optional variables are absent', () => {
    const cfg = loadConfig(shape, { NAME: 'svc' });
    expect(cfg).toMatchObject({
      PORT: 8080,
      LOG_LEVEL: 'info',
      FLAG: false,
      COUNT: 3,
      MODE: 'a',
      ITEMS: ['x'],
    });
  });

  it('parses provided values', () => {
    const cfg = loadConfig(shape, {
      NAME: 'svc',
      FLAG: 'yes',
      COUNT: '7',
      MODE: 'B',
      ITEMS: 'p, q,,r',
      PORT: '0',
    });
    expect(cfg).toMatchObject({ FLAG: true, COUNT: 7, MODE: 'b', ITEMS: ['p', 'q', 'r'], PORT: 0 });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig(shape, { FLAG: 'maybe', COUNT: '11', PORT: 'http' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['COUNT', 'FLAG', 'NAME', 'PORT']);
    expect((error as Error).message).toContain('NAME: is required');
    expect((error as Error).message).toContain('FLAG: expected true or false, got "maybe"');
  });

  it('runs cross-field rules after parsing', () => {
    expect(() =>
      loadConfig(shape, { NAME: 'svc', MODE: 'b' }, (c) =>
        c.MODE === 'b' && !c.FLAG ? [{ variable: 'FLAG', reason: 'must be true when MODE=b' }] : [],
      ),
    ).toThrow(/FLAG: must be true when MODE=b/);
  });
});

describe('resolveFileSecrets', () => {
  it('reads NAME_FILE into NAME', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    const env = resolveFileSecrets({ PW_FILE: join(dir, 'pw') }, ['PW']);
    expect(env.PW).toBe('s3cret');
  });

  it('rejects setting both forms', () => {
    expect(() => resolveFileSecrets({ PW: 'a', PW_FILE: '/x' }, ['PW'])).toThrow(
      /PW_FILE: set together with PW/,
    );
  });

  it('names the variable when the file is unreadable', () => {
    expect(() => resolveFileSecrets({ PW_FILE: '/nonexistent/pw' }, ['PW'])).toThrow(
      /PW_FILE: cannot read/,
    );
  });
});
