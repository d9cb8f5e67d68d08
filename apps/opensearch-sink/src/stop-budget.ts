/**
 * One deadline for a whole graceful stop. Each step gets what is left of it and is abandoned
 * (not awaited further) when the deadline passes, so a slow commit or a consumer disconnect that
 * waits on a loaded broker cannot push the stop past the service's grace period, after which
 * runService exits 1. Abandoned work is safe here: uncommitted records are re-read and
 * re-indexed idempotently after a restart.
 */
export class StopBudget {
  private readonly deadline: number;

  constructor(
    totalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + Math.max(0, totalMs);
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - this.now());
  }

  /** The step's result, or 'timed out' once the budget is spent (the step keeps running). */
  async within<T>(step: Promise<T>, capMs = Infinity): Promise<T | 'timed out'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timed out'>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), Math.min(capMs, this.remainingMs()));
    });
    try {
      return await Promise.race([step, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
