import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whileBeating } from '../src/while-beating.js';

describe('whileBeating', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('heartbeats every interval while the work is pending, and stops when it settles', async () => {
    let beats = 0;
    let finish!: (v: string) => void;
    const done = whileBeating(
      async () => void beats++,
      1_000,
      () => new Promise<string>((r) => (finish = r)),
    );
    await vi.advanceTimersByTimeAsync(3_500);
    expect(beats).toBe(3);
    finish('committed');
    await expect(done).resolves.toBe('committed');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(beats).toBe(3);
  });

  it('ignores a failed heartbeat (the batch loop surfaces it) and still returns the result', async () => {
    let beats = 0;
    const done = whileBeating(
      () => {
        beats++;
        return Promise.reject(new Error('The group is rebalancing, so a rejoin is needed'));
      },
      1_000,
      () => new Promise<number>((r) => setTimeout(() => r(42), 2_500)),
    );
    await vi.advanceTimersByTimeAsync(2_500);
    await expect(done).resolves.toBe(42);
    expect(beats).toBe(2);
  });

  it('stops heartbeating when the work fails, and passes the failure on', async () => {
    let beats = 0;
    const done = whileBeating(
      async () => void beats++,
      1_000,
      () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('fenced')), 1_500)),
    );
    const settled = expect(done).rejects.toThrow('fenced');
    await vi.advanceTimersByTimeAsync(1_500);
    await settled;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(beats).toBe(1);
  });
});
