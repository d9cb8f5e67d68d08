import type { EnrichedBarV1 } from '@marketfeed/schema';

/**
 * The market board: the newest enriched bar per symbol. `seq` grows by one per enriched record
 * of a symbol (revisions included), so the highest seq is the newest state whichever topic
 * (`latest` at bootstrap, `enriched` live) delivered it first.
 */
export class Board {
  private readonly bars = new Map<string, EnrichedBarV1>();

  /** Keeps `bar` when it is newer than what the board holds; says whether it did. */
  apply(bar: EnrichedBarV1): boolean {
    const held = this.bars.get(bar.symbol);
    if (held !== undefined && held.seq >= bar.seq) return false;
    this.bars.set(bar.symbol, bar);
    return true;
  }

  get(symbol: string): EnrichedBarV1 | undefined {
    return this.bars.get(symbol);
  }

  symbols(): string[] {
    return [...this.bars.keys()].sort();
  }

  rows(): EnrichedBarV1[] {
    return this.symbols().map((s) => this.bars.get(s) as EnrichedBarV1);
  }

  get size(): number {
    return this.bars.size;
  }
}
