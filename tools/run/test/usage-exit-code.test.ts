import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');

describe('npm start usage errors', () => {
  // tsx compiles the CLI first: over a minute was seen on a loaded 2-core machine.
  it('exit 2 with one line naming the flag and where help is, no stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, '--source', 'iex'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'npm start: --source must be simulator, alpaca or replay (got "iex") (npm start -- --help)',
    ]);
  }, 240_000);
});
