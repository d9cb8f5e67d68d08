import { newYorkOffsetMs } from '@marketfeed/indicators';
import {
  corporateActionKey,
  validateCorporateAction,
  type CorporateAction,
  type Issue,
} from '@marketfeed/schema';
import { createAlpacaRestClient, type AlpacaRestClientOptions } from './rest-client.js';

// ---- the SDK's shape (camelCase, dates parsed to Date) -> CorporateAction ----

/** The fields of the SDK's `ForwardSplit` / `ReverseSplit` this converter reads. */
export type SdkSplit = {
  symbol: string;
  newRate: number;
  oldRate: number;
  exDate: Date;
  processDate?: Date;
  recordDate?: Date;
  payableDate?: Date;
  id?: string;
};
/** The fields of the SDK's `CashDividend` this converter reads. */
export type SdkCashDividend = {
  symbol: string;
  rate: number;
  exDate: Date;
  special?: boolean;
  foreign?: boolean;
  processDate?: Date;
  recordDate?: Date;
  payableDate?: Date;
  id?: string;
};
/** What `alpaca.marketData.collectCorporateActions` returns, reduced to the kinds v1 models. */
export type SdkCorporateActions = {
  forwardSplits?: SdkSplit[];
  reverseSplits?: SdkSplit[];
  cashDividends?: SdkCashDividend[];
};

/** The types requested from `/v1/corporate-actions` (the ones the enricher models in v1). */
export const CORPORATE_ACTION_REQUEST_TYPES = 'forward_split,reverse_split,cash_dividend';

/**
 * The SDK parses Alpaca's `YYYY-MM-DD` with `new Date(...)`, i.e. UTC midnight, so the UTC date
 * of the Date is the date Alpaca sent. A missing field becomes `Invalid Date` (the SDK calls
 * `new Date(undefined)` for `process_date`): absent.
 */
function dateOf(d: unknown): string | undefined {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().slice(0, 10);
}

/** `ex_date` must be present: an invalid one is passed on as is so validation names it. */
function exDateOf(d: unknown): unknown {
  return dateOf(d) ?? (d instanceof Date ? 'invalid date' : d);
}

function withOptional(out: Record<string, unknown>, a: SdkSplit | SdkCashDividend) {
  const process = dateOf(a.processDate);
  const record = dateOf(a.recordDate);
  const payable = dateOf(a.payableDate);
  if (process !== undefined) out.process_date = process;
  if (record !== undefined) out.record_date = record;
  if (payable !== undefined) out.payable_date = payable;
  if (typeof a.id === 'string' && a.id.length > 0) out.id = a.id;
  return out;
}

/**
 * The SDK's camelCase corporate actions -> this project's flat `CorporateAction`s (the same
 * normalised form `corporateActionsFromAlpaca` makes of the REST snake_case JSON), each checked by
 * `validateCorporateAction`; entries that fail come back as issues (path like
 * `forwardSplits.0.new_rate`), the valid ones are kept. Other action kinds are ignored.
 */
export function corporateActionsFromSdk(ca: SdkCorporateActions): {
  actions: CorporateAction[];
  issues: Issue[];
} {
  const actions: CorporateAction[] = [];
  const issues: Issue[] = [];
  const take = (list: string, i: number, flat: Record<string, unknown>) => {
    const r = validateCorporateAction(flat);
    if (r.ok) actions.push(r.value);
    else
      for (const issue of r.issues) issues.push({ ...issue, path: `${list}.${i}.${issue.path}` });
  };
  const splits: Array<['forwardSplits' | 'reverseSplits', 'forward_split' | 'reverse_split']> = [
    ['forwardSplits', 'forward_split'],
    ['reverseSplits', 'reverse_split'],
  ];
  for (const [list, type] of splits) {
    (ca[list] ?? []).forEach((s, i) =>
      take(
        list,
        i,
        withOptional(
          {
            type,
            symbol: s.symbol,
            new_rate: s.newRate,
            old_rate: s.oldRate,
            ex_date: exDateOf(s.exDate),
          },
          s,
        ),
      ),
    );
  }
  (ca.cashDividends ?? []).forEach((d, i) => {
    const flat: Record<string, unknown> = {
      type: 'cash_dividend',
      symbol: d.symbol,
      rate: d.rate,
      ex_date: exDateOf(d.exDate),
    };
    if (typeof d.special === 'boolean') flat.special = d.special;
    if (typeof d.foreign === 'boolean') flat.foreign = d.foreign;
    take('cashDividends', i, withOptional(flat, d));
  });
  return { actions, issues };
}

// ---- the REST client ----

export type CorporateActionsFetch = { actions: CorporateAction[]; issues: Issue[] };

export type CorporateActionsClient = {
  /**
   * Splits and cash dividends with an ex-date in [startDate, endDate] (New York dates,
   * inclusive), across every page. `symbols` undefined means no symbol filter (all symbols).
   */
  fetch(
    symbols: readonly string[] | undefined,
    startDate: string,
    endDate: string,
  ): Promise<CorporateActionsFetch>;
};

/** Symbols per request: keeps the query string well below URL length limits. */
const SYMBOLS_PER_REQUEST = 100;

/** `GET /v1/corporate-actions` through the SDK's `collectCorporateActions` (same host rewrite as backfill). */
export function createAlpacaCorporateActionsClient(
  opts: AlpacaRestClientOptions,
): CorporateActionsClient {
  const alpaca = createAlpacaRestClient(opts);
  const collect = async (
    symbols: string[] | undefined,
    start: string,
    end: string,
  ): Promise<SdkCorporateActions> =>
    alpaca.marketData.collectCorporateActions({
      ...(symbols ? { symbols } : {}),
      types: CORPORATE_ACTION_REQUEST_TYPES,
      start: new Date(`${start}T00:00:00Z`),
      end: new Date(`${end}T00:00:00Z`),
      limit: 1000,
    });
  return {
    async fetch(symbols, startDate, endDate) {
      const out: CorporateActionsFetch = { actions: [], issues: [] };
      const chunks: (string[] | undefined)[] = [];
      if (symbols === undefined) chunks.push(undefined);
      else
        for (let i = 0; i < symbols.length; i += SYMBOLS_PER_REQUEST)
          chunks.push(symbols.slice(i, i + SYMBOLS_PER_REQUEST));
      for (const chunk of chunks) {
        const r = corporateActionsFromSdk(await collect(chunk, startDate, endDate));
        out.actions.push(...r.actions);
        out.issues.push(...r.issues);
      }
      return out;
    },
  };
}

// ---- scheduling and de-duplication (pure) ----

const DAY_MS = 86_400_000;

/** The New York calendar date of an instant. */
export function newYorkDate(nowMs: number): string {
  return new Date(nowMs + newYorkOffsetMs(nowMs)).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Ex-dates fetched on a New York date: from a week back (late announcements) to the lookahead. */
export function corporateActionsWindow(
  nowMs: number,
  lookaheadDays: number,
): { today: string; start: string; end: string } {
  const today = newYorkDate(nowMs);
  return { today, start: addDays(today, -7), end: addDays(today, lookaheadDays) };
}

/**
 * When to fetch, and which fetched actions are new. A fetch is due once per New York date (the
 * first at start-up, the next when the date changes, i.e. before that day's pre-market); a failed
 * or incomplete fetch is retried `retryMs` later. An action is published once per
 * `corporateActionKey` — again only if Alpaca changes it (the compacted topic then keeps the
 * newest) — and forgotten once its ex-date left the fetch window, so memory stays bounded.
 */
export class CorporateActionsSchedule {
  private lastDoneDate: string | undefined;
  private retryAtMs = 0;
  private readonly published = new Map<string, string>();

  constructor(
    readonly lookaheadDays: number,
    readonly retryMs: number,
  ) {}

  /** Whether a fetch should start at `nowMs`. */
  due(nowMs: number): boolean {
    return newYorkDate(nowMs) !== this.lastDoneDate && nowMs >= this.retryAtMs;
  }

  window(nowMs: number) {
    return corporateActionsWindow(nowMs, this.lookaheadDays);
  }

  /** The actions not published yet (or changed since), in ex-date order, each key once. */
  fresh(actions: readonly CorporateAction[]): CorporateAction[] {
    const seen = new Map<string, CorporateAction>();
    for (const a of actions) seen.set(corporateActionKey(a), a);
    return [...seen.entries()]
      .filter(([key, a]) => this.published.get(key) !== JSON.stringify(a))
      .map(([, a]) => a)
      .sort((x, y) =>
        x.ex_date < y.ex_date ? -1 : x.ex_date > y.ex_date ? 1 : x.symbol < y.symbol ? -1 : 1,
      );
  }

  markPublished(action: CorporateAction): void {
    this.published.set(corporateActionKey(action), JSON.stringify(action));
  }

  /** A fetch cycle ended: `complete` when every fresh action was handed to the publisher. */
  finished(nowMs: number, complete: boolean): void {
    if (complete) {
      this.lastDoneDate = newYorkDate(nowMs);
      this.retryAtMs = 0;
      const { start } = this.window(nowMs);
      for (const [key, value] of this.published)
        if ((JSON.parse(value) as CorporateAction).ex_date < start) this.published.delete(key);
    } else {
      this.retryAtMs = nowMs + this.retryMs;
    }
  }

  get size(): number {
    return this.published.size;
  }
}
