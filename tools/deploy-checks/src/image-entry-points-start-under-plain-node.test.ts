import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execForm, readDockerfile } from './dockerfile.js';
import { APPS, repoPath, repoRoot } from './repo.js';

/*
 * What the image's CMD runs, run the same way: plain `node` on the compiled entry point (turbo
 * builds it before this test), outside vitest's module transform, which hides ESM/CommonJS
 * interop mistakes. With a bad env the whole module graph must link and the app must refuse to
 * start, naming the variable: proof the entry point exists and boots as far as config.
 */
const run = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      'node',
      args,
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          output: `${stdout}${stderr}`,
        }),
    );
  });

describe.each(APPS)('the %s image entry point', (app) => {
  const cmd = execForm(readDockerfile(`apps/${app}/Dockerfile`).ast.getCMDs().at(-1)!)!;

  it('is built (turbo builds the apps before this test)', () => {
    expect(
      existsSync(repoPath(cmd.at(-1)!)),
      `${cmd.at(-1)!} missing: run npx turbo run build`,
    ).toBe(true);
  });

  it('links its module graph under plain Node and fails fast on a bad variable, naming it', async () => {
    const { code, output } = await run(cmd.slice(1), {
      KAFKA_BROKERS: 'not-a-broker',
      OPENSEARCH_URL: 'http://opensearch:9200',
    });
    expect(output).not.toMatch(
      /SyntaxError|ERR_MODULE_NOT_FOUND|ERR_REQUIRE_ESM|Cannot find (module|package)/,
    );
    expect(output).toMatch(/KAFKA_BROKERS/);
    expect(code).not.toBe(0);
  });
});
