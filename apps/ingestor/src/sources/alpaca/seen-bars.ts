/**
 * Which symbol+minute bars were already published, for the last `horizonMs` of data time, so a
 * backfill after a gap adds only what the live stream missed. Bars arrive in about time order,
 * so pruning from the oldest insertion keeps this O(1) per bar.
 */
export class SeenBars {
  private readonly seen = new Map<string, number>();

  constructor(private readonly horizonMs: number) {}

  /** Records the bar; false when it was already seen. */
  add(symbol: string, t: string, tMs: number): boolean {
    const key = `${symbol}|${t}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, tMs);
    this.prune(tMs);
    return true;
  }

  /** Forgets a bar that was not delivered after all, so it can be added again. */
  forget(symbol: string, t: string): void {
    this.seen.delete(`${symbol}|${t}`);
  }

  has(symbol: string, t: string): boolean {
    return this.seen.has(`${symbol}|${t}`);
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(latestMs: number): void {
    for (const [key, ms] of this.seen) {
      if (ms >= latestMs - this.horizonMs) break;
      this.seen.delete(key);
    }
  }
}
