import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { installGracefulShutdown } from './shutdown.js';

const logger = createLogger({ name: 't', level: 'silent' });

function setup(stop: () => Promise<void>, graceMs = 1000) {
  const proc = new EventEmitter();
  const exits: number[] = [];
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (resolveExit = r));
  installGracefulShutdown({
    logger,
    graceMs,
    stop,
    processLike: proc as unknown as Pick<NodeJS.Process, 'once' | 'removeListener'>,
    exit: (code) => {
      exits.push(code);
      resolveExit(code);
    },
  });
  return { proc, exits, exited };
}

describe('installGracefulShutdown', () => {
  it('runs stop once on SIGTERM and exits 0', async () => {
    let calls = 0;
    const { proc, exited } = setup(async () => {
      calls++;
    });
    proc.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(0);
    expect(calls).toBe(1);
  });

  it('exits 1 when stop outlives the grace period', async () => {
    const { proc, exited } = setup(() => new Promise(() => {}), 20);
    proc.emit('SIGINT', 'SIGINT');
    expect(await exited).toBe(1);
  });

  it('exits 1 when stop fails', async () => {
    const { proc, exited } = setup(async () => {
      throw new Error('flush failed');
    });
    proc.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
  });

  it('exits at once on a second signal', async () => {
    const { proc, exits } = setup(() => new Promise(() => {}), 10_000);
    proc.emit('SIGTERM', 'SIGTERM');
    proc.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([1]);
  });
});
