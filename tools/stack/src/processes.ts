import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './run-command.js';

export const sleep = (ms: number) =>
  new Promise<void>((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * Every server the stack starts carries `marketfeed_stack=<stack dir>` on its command line
 * (Kafka as `-Dmarketfeed_stack=…`, OpenSearch as `-Enode.attr.marketfeed_stack=…`, which its
 * launcher script also shows before it execs the JVM), so a pid file is only trusted while that
 * pid is still one of ours: a reused pid is never signalled.
 */
export const stackMarker = (stackRoot: string) => `marketfeed_stack=${stackRoot}`;

export function pidFile(runDir: string, name: string): string {
  return join(runDir, `${name}.pid`);
}

export function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  // A zombie answers signal 0 but is gone; only Linux can tell, elsewhere ps-based checks follow.
  const stat = `/proc/${pid}/stat`;
  if (existsSync(stat) && / Z /.test(readFileSync(stat, 'utf8').replace(/^.*\)/, ')')))
    return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else (e.g. OpenSearch's user when we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function commandLine(pid: number): Promise<string | undefined> {
  const proc = `/proc/${pid}/cmdline`;
  if (existsSync(proc)) return readFileSync(proc, 'utf8').replace(/\0/g, ' ');
  const result = await runCommand('ps', ['-ww', '-o', 'command=', '-p', String(pid)]); // macOS: no /proc
  return result.code === 0 ? result.stdout : undefined;
}

/** The pid from `name`'s pid file if that process is alive and was started by this stack. */
export async function runningPid(
  runDir: string,
  name: string,
  marker: string,
): Promise<number | undefined> {
  const pid = readPid(pidFile(runDir, name));
  if (pid === undefined || !isAlive(pid)) return undefined;
  const cmd = await commandLine(pid);
  return cmd?.includes(marker) ? pid : undefined;
}

export interface DetachedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  uid?: number;
  gid?: number;
}

/** Starts a server that outlives this CLI process, with stdout/stderr appended to a file. */
export async function spawnDetached(
  command: string,
  args: string[],
  runDir: string,
  name: string,
  options: DetachedOptions,
): Promise<number> {
  const out = openSync(options.logFile, 'a');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true, // own process group: Ctrl-C on `stack:up` does not take the servers down
      stdio: ['ignore', out, out],
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    const pid = child.pid;
    if (pid === undefined) {
      throw await new Promise<Error>((resolveError) => child.once('error', resolveError));
    }
    child.unref();
    await writeFile(pidFile(runDir, name), `${pid}\n`);
    return pid;
  } finally {
    closeSync(out);
  }
}

/** SIGTERM (both servers shut down cleanly on it), then SIGKILL if it takes longer than the timeout. */
export async function stopProcess(pid: number, timeoutMs: number): Promise<'stopped' | 'killed'> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped';
    await sleep(200);
  }
  signal('SIGKILL');
  while (isAlive(pid)) await sleep(100);
  return 'killed';
}

export async function removePidFile(runDir: string, name: string): Promise<void> {
  await rm(pidFile(runDir, name), { force: true });
}

/** The last lines of a server's output file, for startup failure messages. */
export async function tail(file: string, lines = 20): Promise<string> {
  if (!existsSync(file)) return '(no output)';
  return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
}
