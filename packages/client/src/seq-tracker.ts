/**
 * Per-symbol sequence checking. The enricher numbers every enriched record of a symbol 1, 2, 3…
 * (revisions included), so a jump means records were lost between the enricher and this
 * consumer (retention, a skipped offset range, a bug), and a repeat means a redelivery.
 * Pure and serialisable: the state is a plain object, restorable with `new SeqTracker(state)`.
 */
export type SeqObservation =
  | { kind: 'first'; symbol: string; seq: number }
  | { kind: 'next'; symbol: string; seq: number }
  | { kind: 'gap'; symbol: string; expected: number; got: number; missing: number }
  | { kind: 'duplicate'; symbol: string; seq: number; last: number };

export class SeqTracker {
  private readonly last: Map<string, number>;

  constructor(initial: Readonly<Record<string, number>> = {}) {
    this.last = new Map(Object.entries(initial));
  }

  /** Records `seq` for `symbol` and classifies it against the last one seen. */
  observe(symbol: string, seq: number): SeqObservation {
    const last = this.last.get(symbol);
    if (last === undefined) {
      this.last.set(symbol, seq);
      return { kind: 'first', symbol, seq };
    }
    if (seq <= last) return { kind: 'duplicate', symbol, seq, last };
    this.last.set(symbol, seq);
    if (seq === last + 1) return { kind: 'next', symbol, seq };
    return { kind: 'gap', symbol, expected: last + 1, got: seq, missing: seq - last - 1 };
  }

  /** Seeds a symbol (from the snapshot) without reporting anything. */
  seed(symbol: string, seq: number): void {
    const last = this.last.get(symbol);
    if (last === undefined || seq > last) this.last.set(symbol, seq);
  }

  lastSeq(symbol: string): number | undefined {
    return this.last.get(symbol);
  }

  get symbols(): number {
    return this.last.size;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.last);
  }
}
