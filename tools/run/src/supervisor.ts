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
}

/**
 * Runs each app as a child process (exactly as a container would: `node dist/main.js` with env),
 * tees its output into a log file and a ring buffer, and notices crashes.
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
    });
    const proc: SupervisedProcess = {
      spec,
      state: 'starting',
      exitCode: null,
      signal: null,
      lastLines: new RingBuffer(30),
      logFile,
      child,
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

  /** SIGTERM everything still running, wait up to graceMs, then SIGKILL stragglers. */
  async stopAll(graceMs: number): Promise<void> {
    const alive = this.processes.filter(
      (p) => p.child.exitCode === null && p.child.signalCode === null,
    );
    // In start order: the source stops first, so the enricher and sink finish what it wrote.
    for (const p of alive) {
      p.state = 'stopping';
      const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
      p.child.kill('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), graceMs).unref(),
      );
      if ((await Promise.race([exited.then(() => 'ok' as const), timer])) === 'timeout') {
        p.child.kill('SIGKILL');
        await exited;
      }
    }
    await Promise.all(this.logs.map((l) => new Promise<void>((resolve) => l.end(() => resolve()))));
  }
}
