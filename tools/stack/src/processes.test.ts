import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pidFile, runningPid, spawnDetached, stackMarker, stopProcess } from './processes.js';

describe('pid files', () => {
  const run = mkdtempSync(join(tmpdir(), 'stack-run-'));
  const marker = stackMarker('/some/repo/.stack');
  const started: number[] = [];
  afterEach(async () => {
    for (const pid of started.splice(0)) await stopProcess(pid, 1000);
  });

  const startIdle = async (name: string, args: string[]) => {
    const pid = await spawnDetached(
      process.execPath,
      ['-e', 'setInterval(() => {}, 1000)', ...args],
      run,
      name,
      {
        cwd: run,
        env: {},
        logFile: join(run, `${name}.out`),
      },
    );
    started.push(pid);
    return pid;
  };

  it('recognise a live process that carries the stack marker', async () => {
    const pid = await startIdle('ours', [marker]);
    expect(await runningPid(run, 'ours', marker)).toBe(pid);
  });

  it('ignore a live pid that belongs to something else, so it is never signalled', async () => {
    await writeFile(pidFile(run, 'reused'), `${process.pid}\n`);
    expect(await runningPid(run, 'reused', marker)).toBeUndefined();
    await startIdle('other-stack', [stackMarker('/another/repo/.stack')]);
    expect(await runningPid(run, 'other-stack', marker)).toBeUndefined();
  });

  it('stop a process with SIGTERM, after which it no longer counts as running', async () => {
    const pid = await startIdle('stoppable', [marker]);
    expect(await stopProcess(pid, 5000)).toBe('stopped');
    expect(await runningPid(run, 'stoppable', marker)).toBeUndefined();
  });
});
