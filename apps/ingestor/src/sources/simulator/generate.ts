import { isTradingDay, nextTradingDay, regularSessionBounds } from '@marketfeed/indicators';
import type { CorporateAction, RawBar } from '@marketfeed/schema';
import { createRandom, type Random } from './random.js';

/** One thing the simulated market produces, with its data time (ms) for pacing. */
export type FeedItem =
  | { kind: 'event'; event: RawBar; atMs: number }
  | { kind: 'corporate-action'; action: CorporateAction; atMs: number };

export type SimulatedFeedOptions = {
  /** A count of generated tickers, or the tickers themselves. Default 50. */
  symbols?: number | readonly string[];
  /** First calendar date; the feed starts on the first trading day on or after it. */
  startDate?: string;
  /**
   * A continued simulation: each listed symbol starts at this price (its last published close)
   * instead of its seeded one. The random path then also depends on the start date, so a
   * continued session is not the first session's moves again, rescaled.
   */
  startPrices?: Readonly<Record<string, number>>;
  /** Trading days to generate; 0 = unbounded. */
  days?: number;
  /** Include pre-market (04:00–09:30 ET) and after-hours (close–20:00 ET) bars. Default true. */
  extendedHours?: boolean;
  /** Chance per symbol per day of a split taking effect that morning. */
  splitProbability?: number;
  /** Chance per symbol per day of a ±5–8% opening gap (what turns the flag Bullish/Bearish). */
  shockProbability?: number;
  /** Chance per bar of a late correction (`u`) one minute later. */
  updatedBarProbability?: number;
  /** Chance per symbol per extended-hours minute of a bar (thin trading). */
  extendedHoursActivity?: number;
};

export const DEFAULT_SIMULATED_FEED: Required<
  Omit<SimulatedFeedOptions, 'symbols' | 'startPrices'>
> & {
  symbols: number;
} = {
  symbols: 50,
  startDate: '2024-01-02',
  days: 0,
  extendedHours: true,
  splitProbability: 0.003,
  shockProbability: 0.06,
  updatedBarProbability: 0.01,
  extendedHoursActivity: 0.25,
};

const MINUTE_MS = 60_000;
const PRE_MARKET_MS = 330 * MINUTE_MS; // 04:00 -> 09:30
const AFTER_HOURS_MS = 240 * MINUTE_MS; // close -> 20:00 (17:00 on early-close days)
const MIDNIGHT_BEFORE_OPEN_MS = 570 * MINUTE_MS; // 00:00 -> 09:30
/** Per-minute volatility: about 2% a day over 390 minutes. */
const MINUTE_SIGMA = 0.02 / Math.sqrt(390);

const SPLITS: ReadonlyArray<{
  type: 'forward_split' | 'reverse_split';
  new_rate: number;
  old_rate: number;
}> = [
  { type: 'forward_split', new_rate: 2, old_rate: 1 },
  { type: 'forward_split', new_rate: 3, old_rate: 1 },
  { type: 'forward_split', new_rate: 3, old_rate: 2 },
  { type: 'reverse_split', new_rate: 1, old_rate: 10 },
];

/** A seed for a continued run: the same seed and start date give the same continuation. */
export function continuationSeed(seed: number, startDate: string): number {
  let h = seed >>> 0;
  for (const ch of startDate) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  return h;
}

/** `n` deterministic four-letter tickers: ZAAA, ZAAB, ... */
export function simulatedSymbols(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    let x = i;
    for (let k = 0; k < 3; k++) {
      s = String.fromCharCode(65 + (x % 26)) + s;
      x = Math.floor(x / 26);
    }
    out.push(`${String.fromCharCode(90 - (x % 26))}${s}`);
  }
  return out;
}

type SymbolState = {
  symbol: string;
  price: number;
  baseVolume: number;
  sigma: number;
  /** Opening gap factor to apply at today's first regular bar (1 = none). */
  gap: number;
  day: { o: number; h: number; l: number; c: number; v: number; pv: number; n: number } | null;
};

function roundPrice(p: number): number {
  return p >= 1 ? Math.round(p * 100) / 100 : Math.round(p * 10_000) / 10_000;
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Intraday U shape over the regular session: heavy at the open and close, light at lunch. */
function uShape(fraction: number): number {
  const x = fraction - 0.5;
  return 0.45 + 4.4 * x * x;
}

function makeBar(rng: Random, s: SymbolState, t: string, volumeScale: number): RawBar {
  const o = roundPrice(s.price);
  const c = roundPrice(Math.max(0.01, o * Math.exp(s.sigma * rng.normal())));
  const h = roundPrice(Math.max(o, c) * (1 + Math.abs(rng.normal()) * s.sigma * 0.6));
  const l = roundPrice(
    Math.max(0.0001, Math.min(o, c) * (1 - Math.abs(rng.normal()) * s.sigma * 0.6)),
  );
  const v = Math.max(1, Math.round(s.baseVolume * volumeScale * Math.exp(0.5 * rng.normal())));
  const vw = Math.round(((h + l + c) / 3) * 10_000) / 10_000;
  s.price = c;
  return {
    T: 'b',
    S: s.symbol,
    o,
    h: Math.max(h, o, c),
    l: Math.min(l, o, c),
    c,
    v,
    t,
    n: Math.max(1, Math.round(v / 150)),
    vw,
  };
}

/** The day's bar per symbol (`d`), stamped at New York midnight as Alpaca stamps daily bars. */
function* dailyBars(
  symbols: readonly SymbolState[],
  openMs: number,
  atMs: number,
): Generator<FeedItem> {
  const t = isoSeconds(openMs - MIDNIGHT_BEFORE_OPEN_MS);
  for (const s of symbols) {
    const d = s.day;
    if (!d) continue;
    const vw = Math.round((d.pv / Math.max(1, d.v)) * 10_000) / 10_000;
    yield {
      kind: 'event',
      atMs,
      event: { T: 'd', S: s.symbol, o: d.o, h: d.h, l: d.l, c: d.c, v: d.v, t, n: d.n, vw },
    };
  }
}

/**
 * A deterministic simulated US-equities feed: 1-minute bars for many symbols across the pre,
 * regular and after-hours sessions of real NYSE trading days, prices by geometric Brownian
 * motion, U-shaped intraday volume, occasional ±5–8% opening gaps, late corrections (`u`), a
 * daily bar (`d`) per symbol after the close, and splits with their corporate action.
 *
 * Items come in data-time order. A corporate action comes before any bar of its ex-date (at the
 * start of that session) so a consumer reading in order can adjust deterministically. Same seed
 * and options, same items.
 */
export function* generateSimulatedFeed(
  seed: number,
  options: SimulatedFeedOptions = {},
): Generator<FeedItem> {
  const o = { ...DEFAULT_SIMULATED_FEED, ...options };
  const continued = o.startPrices !== undefined && Object.keys(o.startPrices).length > 0;
  const rng = createRandom(continued ? continuationSeed(seed, o.startDate) : seed);
  const names = typeof o.symbols === 'number' ? simulatedSymbols(o.symbols) : [...o.symbols];
  const symbols: SymbolState[] = names.map((symbol) => ({
    symbol,
    price: roundPrice(Math.exp(Math.log(8) + rng.next() * Math.log(60))),
    baseVolume: Math.round(500 + rng.next() * 9_500),
    sigma: MINUTE_SIGMA * (0.5 + rng.next() * 1.5),
    gap: 1,
    day: null,
  }));
  for (const s of symbols) {
    const start = o.startPrices?.[s.symbol];
    if (start !== undefined && start > 0) s.price = roundPrice(start);
  }
  let date = isTradingDay(o.startDate) ? o.startDate : nextTradingDay(o.startDate);
  let pending: RawBar[] = [];
  for (
    let dayIndex = 0;
    o.days === 0 || dayIndex < o.days;
    dayIndex++, date = nextTradingDay(date)
  ) {
    const bounds = regularSessionBounds(date);
    if (!bounds) continue;
    const openMs = Date.parse(bounds.open);
    const closeMs = Date.parse(bounds.close);
    const firstMs = o.extendedHours ? openMs - PRE_MARKET_MS : openMs;
    const endMs = o.extendedHours ? closeMs + AFTER_HOURS_MS : closeMs;

    for (const s of symbols) {
      s.day = null;
      s.gap = 1;
      if (rng.next() < o.splitProbability) {
        const split = SPLITS[Math.floor(rng.next() * SPLITS.length)]!;
        s.price = roundPrice((s.price * split.old_rate) / split.new_rate);
        yield {
          kind: 'corporate-action',
          atMs: firstMs,
          action: { ...split, symbol: s.symbol, ex_date: date, process_date: date },
        };
      }
      if (rng.next() < o.shockProbability)
        s.gap = 1 + (rng.next() < 0.5 ? -1 : 1) * (0.05 + rng.next() * 0.03);
    }

    for (let m = firstMs; m < endMs; m += MINUTE_MS) {
      const t = isoSeconds(m);
      // Corrections of the previous minute arrive before this minute's bars, as Alpaca sends them.
      for (const u of pending) yield { kind: 'event', atMs: m, event: u };
      pending = [];
      if (m === closeMs) yield* dailyBars(symbols, openMs, m);
      const regular = m >= openMs && m < closeMs;
      const volumeScale = regular ? uShape((m - openMs) / (closeMs - openMs)) : 0.04;
      for (const s of symbols) {
        if (!regular && rng.next() >= o.extendedHoursActivity) continue;
        if (regular && s.gap !== 1) {
          s.price = roundPrice(s.price * s.gap);
          s.gap = 1;
        }
        const bar = makeBar(rng, s, t, volumeScale);
        if (regular) {
          const d = s.day;
          if (!d)
            s.day = {
              o: bar.o,
              h: bar.h,
              l: bar.l,
              c: bar.c,
              v: bar.v,
              pv: bar.vw * bar.v,
              n: bar.n,
            };
          else {
            d.h = Math.max(d.h, bar.h);
            d.l = Math.min(d.l, bar.l);
            d.c = bar.c;
            d.v += bar.v;
            d.pv += bar.vw * bar.v;
            d.n += bar.n;
          }
        }
        yield { kind: 'event', atMs: m, event: bar };
        if (rng.next() < o.updatedBarProbability) {
          const extra = Math.max(1, Math.round(bar.v * 0.05 * (1 + rng.next())));
          pending.push({ ...bar, T: 'u', v: bar.v + extra, n: bar.n + 1 });
          if (regular && s.day) s.day.v += extra;
        }
      }
    }
    if (endMs === closeMs) {
      for (const u of pending) yield { kind: 'event', atMs: closeMs, event: u };
      pending = [];
      yield* dailyBars(symbols, openMs, closeMs);
    }
  }
  for (const u of pending) yield { kind: 'event', atMs: Date.parse(u.t) + MINUTE_MS, event: u };
}
