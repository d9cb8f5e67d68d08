import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readDockerfile, APP_DOCKERFILE } from './dockerfile.js';
import { APPS, readRepoFile, repoPath, repoRoot } from './repo.js';

/*
 * The image copies the compiled dist/ of exactly the workspaces docker/ship-workspaces.mjs
 * prints for the app: its production dependency closure. Test kits and tools are
 * devDependencies and must never be among them.
 */
const ship = (app: string): string[] =>
  execFileSync('node', [repoPath('docker/ship-workspaces.mjs'), app], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .trim()
    .split('\n');

const manifest = (folder: string) =>
  JSON.parse(readRepoFile(folder, 'package.json')) as {
    name: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };

describe.each(APPS)('the %s image', (app) => {
  const folders = ship(app);

  it('ships the app and every workspace in its dependencies, transitively', () => {
    expect(folders).toContain(`apps/${app}`);
    const names = new Set(folders.map((f) => manifest(f).name));
    for (const folder of folders)
      for (const dep of Object.keys(manifest(folder).dependencies ?? {}))
        if (dep.startsWith('@marketfeed/')) expect(names, `${folder} needs ${dep}`).toContain(dep);
  });

  it('ships no test kit, tool or infra code', () => {
    expect(folders.filter((f) => /^(tools\/|infra$)|testkit/.test(f))).toEqual([]);
    const devOnly = Object.keys(manifest(`apps/${app}`).devDependencies ?? {}).filter((d) =>
      d.startsWith('@marketfeed/'),
    );
    const names = folders.map((f) => manifest(f).name);
    for (const dev of devOnly)
      if (!folders.some((f) => Object.keys(manifest(f).dependencies ?? {}).includes(dev)))
        expect(names).not.toContain(dev);
  });
});

describe('docker/app.Dockerfile', () => {
  it('copies dist/ only for the workspaces ship-workspaces.mjs names', () => {
    const text = readDockerfile(APP_DOCKERFILE).text;
    expect(text).toContain('$(node /usr/local/lib/marketfeed/ship-workspaces.mjs "${APP}")');
    expect(text.match(/cp -R "\$ws\/dist"/g)).toHaveLength(1);
  });

  it('fails with one line naming APP for an app that does not exist', () => {
    let stderr = '';
    try {
      execFileSync('node', [repoPath('docker/ship-workspaces.mjs'), 'no-such-app'], {
        cwd: repoRoot,
        stdio: 'pipe',
      });
    } catch (err) {
      stderr = String((err as { stderr: Buffer }).stderr);
    }
    expect(stderr.trim()).toBe(
      'APP=no-such-app: no apps/no-such-app/package.json; APP names a folder of apps/',
    );
  });
});
