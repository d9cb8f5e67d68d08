import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { RingBuffer } from './ring-buffer.js';
import type { ServiceSpec } from './service-specs.js';

export type ProcessState = 'starting' | 'running' | 'stopping' | 'stopped' | 'crashed';

export interface SupervisedProcess {
  spec: ServiceSpec;
  state: ProcessState;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  lastLines: RingBuffer<string>;
  logFile: string;
  child: ChildProcess;
  /** Settles once the child has exited, however long ago that was. */
  exited: Promise<void>;
  /** Epoch ms of the spawn, and of the first /readyz that answered ready (FeedRun sets it). */
  startedAt: number;
  readyAt?: number;
}

/** How one app ended when asked to stop. */
export type StopResult = 'already exited' | 'stopped' | 'killed after the grace period';

/**
 * Runs each app as a child process (exactly as a container would: `node dist/main.js` with env),
 * tees its output into a log file and a ring buffer, and notices crashes.
 *
 * Each child runs in its own session (detached): the terminal's Ctrl-C reaches only the runner,
 * which then stops the apps one by one with a single SIGTERM each. Sharing the terminal's process
 * group, every app would get SIGINT at once and the runner's SIGTERM would be its second signal
 * ("exit now"), so nothing would stop gracefully or in order.
 */
export class Supervisor {
  readonly processes: SupervisedProcess[] = [];
  private readonly logs: WriteStream[] = [];

  constructor(
    private readonly repoRoot: string,
    private readonly logDir: string,
    private readonly onCrash: (p: SupervisedProcess) => void,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  start(spec: ServiceSpec): SupervisedProcess {
    const logFile = join(this.logDir, `${spec.name}.log`);
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile, { flags: 'a' });
    this.logs.push(log);
    const child = spawn(process.execPath, [join(this.repoRoot, spec.entry)], {
      cwd: this.repoRoot,
      // Only what the app needs plus PATH/HOME: secrets of the caller don't leak into apps.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const proc: SupervisedProcess = {
      spec,
      state: 'starting',
      exitCode: null,
      signal: null,
      lastLines: new RingBuffer(30),
      logFile,
      child,
      // Registered at spawn, so a child that exits before stop() is asked for still counts.
      exited: new Promise<void>((resolve) => child.once('exit', () => resolve())),
      startedAt: Date.now(),
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        proc.lastLines.push(line);
        log.write(`${line}\n`);
      });
    }
    child.on('exit', (code, signal) => {
      proc.exitCode = code;
      proc.signal = signal;
      // Exit 0 unasked is a finished run (e.g. a replay that reached the end of its file).
      if (proc.state === 'stopping' || code === 0) {
        proc.state = 'stopped';
      } else {
        proc.state = 'crashed';
        this.onCrash(proc);
      }
    });
    this.processes.push(proc);
    return proc;
  }

  static hasExited(p: SupervisedProcess): boolean {
    return p.child.exitCode !== null || p.child.signalCode !== null;
  }

  /** One SIGTERM, up to graceMs for the app's own graceful shutdown, then SIGKILL. */
  async stop(p: SupervisedProcess, graceMs: number): Promise<StopResult> {
    if (Supervisor.hasExited(p)) return 'already exited';
    p.state = 'stopping';
    p.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([p.exited.then(() => 'exited' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'exited') return 'stopped';
    p.child.kill('SIGKILL');
    await p.exited;
    return 'killed after the grace period';
  }

  /** Synchronous last resort (a second Ctrl-C, or the runner exiting): the apps must not outlive it. */
  killAll(): void {
    for (const p of this.processes) if (!Supervisor.hasExited(p)) p.child.kill('SIGKILL');
  }

  async closeLogs(): Promise<void> {
    await Promise.all(this.logs.map((l) => new Promise<void>((resolve) => l.end(() => resolve()))));
  }
}
