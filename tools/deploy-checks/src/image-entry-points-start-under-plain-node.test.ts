import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appDockerfile, entryPoint, execForm } from './dockerfile.js';
import { APPS, repoPath } from './repo.js';

/*
 * What the image's CMD runs, run the same way: plain `node main.js`, main.js a link to the
 * app's compiled entry point as the image makes it (turbo builds it before this test), outside
 * vitest's module transform, which hides ESM/CommonJS interop mistakes. With a bad env the whole module graph must link and the app must refuse to
 * start, naming the variable: proof the entry point exists and boots as far as config.
 */
const run = (cwd: string, args: string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      'node',
      args,
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          output: `${stdout}${stderr}`,
        }),
    );
  });

describe.each(APPS)('the %s image entry point', (app) => {
  const df = appDockerfile(app);
  const cmd = execForm(df.ast.getCMDs().at(-1)!)!;
  const target = entryPoint(df)!;
  const dir = mkdtempSync(join(tmpdir(), `entry-${app}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is built (turbo builds the apps before this test)', () => {
    expect(existsSync(repoPath(target)), `${target} missing: run npx turbo run build`).toBe(true);
  });

  it('links its module graph under plain Node through the link and fails fast on a bad variable, naming it', async () => {
    symlinkSync(repoPath(target), join(dir, cmd.at(-1)!));
    const { code, output } = await run(dir, cmd.slice(1), {
      KAFKA_BROKERS: 'not-a-broker',
      OPENSEARCH_URL: 'http://opensearch:9200',
    });
    expect(output).not.toMatch(
      /SyntaxError|ERR_MODULE_NOT_FOUND|ERR_REQUIRE_ESM|Cannot find (module|package)/,
    );
    expect(output).toMatch(/KAFKA_BROKERS/);
    expect(code).not.toBe(0);
  }, 30_000); // a cold Node start on a loaded 2-core runner takes seconds
});
