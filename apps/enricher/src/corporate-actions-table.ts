import {
  isSplit,
  validateCorporateAction,
  type CorporateAction,
  type Issue,
} from '@marketfeed/schema';

const NONE: readonly CorporateAction[] = Object.freeze([]);

/**
 * The compacted corporate-actions topic as a table: record key -> action, with each symbol's
 * splits sorted by ex-date. Every instance holds all of it (it is small) and reads it to its end
 * before each raw batch.
 *
 * Why this is deterministic: `applyBar` only lets a split with ex-date E touch bars whose session
 * date is >= E, so knowing an action early changes nothing. The ingestor publishes each action
 * before any bar of its ex-date, and the enricher reads this table to its end after fetching a
 * raw batch, so every action a bar depends on is known when the bar is enriched -- live, after a
 * restart, or in a replay from scratch.
 */
export class CorporateActionsTable {
  private readonly byKey = new Map<string, CorporateAction>();
  private readonly splitsBySymbol = new Map<string, CorporateAction[]>();

  /** Applies one record; a null value is a tombstone. Returns issues for an invalid value. */
  apply(
    key: string,
    value: Uint8Array | string | null,
  ): { ok: true; action: CorporateAction | null; isNew: boolean } | { ok: false; issues: Issue[] } {
    if (value === null) {
      const old = this.byKey.get(key);
      this.byKey.delete(key);
      if (old) this.reindex(old.symbol);
      return { ok: true, action: null, isNew: false };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof value === 'string' ? value : Buffer.from(value).toString('utf8'));
    } catch (err) {
      return { ok: false, issues: [{ path: '', reason: `not JSON: ${(err as Error).message}` }] };
    }
    const result = validateCorporateAction(parsed);
    if (!result.ok) return result;
    const old = this.byKey.get(key);
    this.byKey.set(key, result.value);
    if (old && old.symbol !== result.value.symbol) this.reindex(old.symbol);
    this.reindex(result.value.symbol);
    return { ok: true, action: result.value, isNew: old === undefined };
  }

  /** The symbol's splits, ascending by ex-date (what `applyBar` takes). */
  splitsFor(symbol: string): readonly CorporateAction[] {
    return this.splitsBySymbol.get(symbol) ?? NONE;
  }

  get size(): number {
    return this.byKey.size;
  }

  private reindex(symbol: string): void {
    const splits = [...this.byKey.values()]
      .filter((a) => a.symbol === symbol && isSplit(a))
      .sort((a, b) => (a.ex_date < b.ex_date ? -1 : a.ex_date > b.ex_date ? 1 : 0));
    if (splits.length === 0) this.splitsBySymbol.delete(symbol);
    else this.splitsBySymbol.set(symbol, splits);
  }
}
