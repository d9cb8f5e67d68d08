import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'quiet-build.mjs');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

// Each case spawns node: seconds on a loaded 2-core CI machine, hence the generous bound.
describe(
  'quiet-build (the build step of npm start / npm run consume)',
  { timeout: 120_000 },
  () => {
    it('keeps a successful build off stdout, so the command after it owns stdout', () => {
      const r = run(
        '--',
        process.execPath,
        '-e',
        'console.log("• turbo banner"); console.error("x")',
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('');
    });
    it('says what is happening on stderr when asked', () => {
      const r = run('--say', 'building the apps', '--', process.execPath, '-e', '');
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('▸ building the apps');
      expect(r.stderr).toMatch(/✓ built in [\d.]+ s/);
    });
    it('shows the held output on stderr and passes the exit code on when the build fails', () => {
      const r = run('--', process.execPath, '-e', 'console.log("TS2322 in x.ts"); process.exit(3)');
      expect(r.status).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('TS2322 in x.ts');
    });
  },
);
