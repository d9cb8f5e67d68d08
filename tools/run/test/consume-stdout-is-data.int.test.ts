import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('npm run -s consume, the documented way to capture the feed (README)', () => {
  it("writes only the client's own output on stdout: no npm or turbo banner", async () => {
    const child = spawn('npm', ['run', '-s', 'consume', '--', '--help'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, stderr).toBe(0);
    expect(stdout.split('\n')[0]).toBe('marketfeed-consume — read the marketfeed enriched feed');
    expect(stdout).not.toMatch(/^> |turbo/m);
    expect(stderr).toBe('');
  }, 300_000);
});
