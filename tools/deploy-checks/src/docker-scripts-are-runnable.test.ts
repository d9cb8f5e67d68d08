import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCompose } from './compose.js';
import { repoPath } from './repo.js';

const scripts = ['docker/kafka', 'docker/dashboards'].flatMap((dir) =>
  readdirSync(repoPath(dir))
    .filter((f) => f.endsWith('.sh'))
    .map((f) => `${dir}/${f}`),
);

describe('the scripts compose runs', () => {
  it.each(scripts)('%s parses (bash -n) and is executable', (script) => {
    const shell = script.startsWith('docker/dashboards/') ? 'sh' : 'bash'; // curl image: busybox sh
    execFileSync(shell, ['-n', repoPath(script)]);
    expect(statSync(repoPath(script)).mode & 0o111).not.toBe(0);
  });

  it('exist where compose mounts them', () => {
    for (const [name, service] of Object.entries(loadCompose().services)) {
      const run = [service.entrypoint, service.command]
        .flat()
        .filter((a): a is string => typeof a === 'string');
      for (const path of run.filter((a) => a.startsWith('/opt/marketfeed/'))) {
        const mount = (service.volumes ?? [])
          .map(String)
          .map((v) => v.split(':'))
          .find(([, target]) => target && path.startsWith(`${target}/`));
        expect(mount, `${name}: nothing mounted at ${path}`).toBeDefined();
        const [source, target] = mount!;
        expect(
          statSync(repoPath(source!, path.slice(target!.length + 1))).isFile(),
          `${name}: ${path}`,
        ).toBe(true);
      }
    }
  });
});
