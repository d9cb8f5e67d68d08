import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StopBudget } from '../src/stop-budget.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const never = new Promise<never>(() => undefined);

describe('a graceful stop on one budget', () => {
  it('abandons a step that never settles when the budget is spent, and later steps still run', async () => {
    const budget = new StopBudget(10_000);
    const stuck = budget.within(never);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await stuck).toBe('timed out');
    expect(budget.remainingMs()).toBe(0);
    // Nothing is left, but a step that is already done is still taken.
    expect(await budget.within(Promise.resolve('committed'))).toBe('committed');
  });

  it('gives a capped step (the flush) only its share, leaving the rest for the steps after it', async () => {
    const budget = new StopBudget(10_000);
    const flush = budget.within(never, 6_000);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(await flush).toBe('timed out');
    expect(budget.remainingMs()).toBe(4_000);
  });

  it("returns a step's own result when it settles in time", async () => {
    const budget = new StopBudget(10_000);
    const step = budget.within(new Promise((r) => setTimeout(() => r('disconnected'), 500)));
    await vi.advanceTimersByTimeAsync(500);
    expect(await step).toBe('disconnected');
  });
});
