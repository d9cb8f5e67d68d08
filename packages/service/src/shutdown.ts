import type { Logger } from './logger.js';

export interface ShutdownOptions {
  logger: Logger;
  /** Maximum time to wait for `stop` before exiting anyway. */
  graceMs: number;
  /** Called once, on the first signal. Should flush and disconnect. */
  stop: (signal: string) => Promise<void>;
  /** Exit hook, injectable for tests. */
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
  /** Process-like emitter, injectable for tests. */
  processLike?: Pick<NodeJS.Process, 'once' | 'removeListener'>;
}

/**
 * Graceful shutdown on SIGTERM/SIGINT with a bounded grace period: ECS sends SIGTERM, waits
 * `stopTimeout`, then SIGKILLs, so we must finish (or give up) before that. A second signal
 * exits immediately. Exit code 0 when `stop` completed in time, 1 otherwise.
 */
export function installGracefulShutdown(opts: ShutdownOptions): () => void {
  const proc = opts.processLike ?? process;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const signals = opts.signals ?? (['SIGTERM', 'SIGINT'] as const);
  let stopping = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    opts.logger.info({ signal, graceMs: opts.graceMs }, 'shutting down');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), opts.graceMs);
      timer.unref();
    });
    Promise.race([opts.stop(signal).then(() => 'done' as const), deadline])
      .then((outcome) => {
        if (outcome === 'timeout') {
          opts.logger.error({ graceMs: opts.graceMs }, 'shutdown grace period exceeded; exiting');
          exit(1);
        } else {
          opts.logger.info('shutdown complete');
          exit(0);
        }
      })
      .catch((err: unknown) => {
        opts.logger.error({ err }, 'error during shutdown');
        exit(1);
      })
      .finally(() => clearTimeout(timer));
    // Re-arm for the second signal.
    proc.once(signal, onSignal);
  };
  for (const s of signals) proc.once(s, onSignal);
  return () => {
    for (const s of signals) proc.removeListener(s, onSignal);
  };
}
