import type { EnrichedBarV1 } from '@marketfeed/schema';

/** One Server-Sent Events frame's worth of updates for a client. */
export interface LiveBatch {
  /** Newest bar per symbol (the board). */
  board: EnrichedBarV1[];
  /** Every bar of the focused symbol since the last batch, one per timestamp (newest revision). */
  focus: EnrichedBarV1[];
  /** The focus buffer overflowed: the client should reload the focused symbol's history. */
  resync: boolean;
}

/**
 * What one client has not been sent yet, coalesced so that a slow or stalled browser costs a
 * bounded amount of memory: one bar per symbol for the board (newest state wins), plus at most
 * `maxFocusBars` bars of the symbol whose chart is open (a chart needs every candle, not only
 * the newest; past the bound the oldest are dropped and the client is told to resync).
 */
export class LiveBuffer {
  private board = new Map<string, EnrichedBarV1>();
  private focusBars = new Map<string, EnrichedBarV1>();
  private overflowed = false;

  constructor(
    readonly focusSymbol: string | undefined,
    private readonly maxFocusBars: number,
    private readonly maxSymbols: number,
  ) {}

  push(bar: EnrichedBarV1): void {
    const held = this.board.get(bar.symbol);
    if (held === undefined || held.seq < bar.seq) {
      // Re-inserting moves the symbol to the end, so the oldest pending symbol is dropped
      // first if the board bound is ever reached (only with more symbols than it allows).
      this.board.delete(bar.symbol);
      this.board.set(bar.symbol, bar);
      if (this.board.size > this.maxSymbols) {
        const oldest = this.board.keys().next().value as string;
        this.board.delete(oldest);
      }
    }
    if (bar.symbol !== this.focusSymbol) return;
    const prev = this.focusBars.get(bar.timestamp);
    if (prev !== undefined && prev.seq >= bar.seq) return;
    this.focusBars.delete(bar.timestamp);
    this.focusBars.set(bar.timestamp, bar);
    if (this.focusBars.size > this.maxFocusBars) {
      const oldest = this.focusBars.keys().next().value as string;
      this.focusBars.delete(oldest);
      this.overflowed = true;
    }
  }

  get pending(): number {
    return this.board.size + this.focusBars.size;
  }

  /** Takes everything pending; `undefined` when there is nothing to send. */
  take(): LiveBatch | undefined {
    if (this.board.size === 0 && this.focusBars.size === 0 && !this.overflowed) return undefined;
    const batch: LiveBatch = {
      board: [...this.board.values()],
      focus: [...this.focusBars.values()].sort((a, b) => a.seq - b.seq),
      resync: this.overflowed,
    };
    this.board = new Map();
    this.focusBars = new Map();
    this.overflowed = false;
    return batch;
  }
}
