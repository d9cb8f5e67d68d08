import { nextTradingDay, regularSessionBounds } from '@marketfeed/indicators';
import type { CorporateAction, RawBar } from '@marketfeed/schema';

export interface RawFeedOptions {
  seed: number;
  symbols: number;
  /** Trading days, starting at `startDate` (must be a trading day). */
  days: number;
  minutesPerDay: number;
  startDate?: string;
  /** Probability that a minute bar is delivered twice (a restarted ingestor). */
  duplicateRate?: number;
  /** Probability that a minute bar is followed by an updated bar (`u`) for it. */
  updateRate?: number;
  /** Symbols (by index) that get a 2-for-1 split on the second day. */
  splitSymbols?: number[];
}

export interface RawFeedRecord {
  key: string;
  value: string;
}

export interface RawFeed {
  records: RawFeedRecord[];
  actions: CorporateAction[];
  /** Distinct (symbol, timestamp, revision) triples the enricher must emit. */
  expectedEnriched: number;
}

/** mulberry32: tiny, seeded, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function symbolName(i: number): string {
  return `S${String(i).padStart(4, '0')}`;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * A deterministic raw feed shaped like Alpaca's: minute bars of many symbols interleaved by minute
 * during the regular session, occasional duplicate deliveries and updated bars, a daily bar per
 * symbol after each close, and 2-for-1 splits whose ex-date is the second day.
 */
export function generateRawFeed(opts: RawFeedOptions): RawFeed {
  const rnd = seededRandom(opts.seed);
  const dupRate = opts.duplicateRate ?? 0.02;
  const updRate = opts.updateRate ?? 0.02;
  const symbols = Array.from({ length: opts.symbols }, (_, i) => symbolName(i));
  const price = symbols.map(() => 20 + rnd() * 200);
  const records: RawFeedRecord[] = [];
  const actions: CorporateAction[] = [];
  let expected = 0;
  let date = opts.startDate ?? '2024-03-04';
  const dates: string[] = [];
  for (let d = 0; d < opts.days; d++) {
    dates.push(date);
    date = nextTradingDay(date);
  }
  for (const i of opts.splitSymbols ?? []) {
    if (i < symbols.length && dates.length > 1) {
      actions.push({
        type: 'forward_split',
        symbol: symbols[i]!,
        new_rate: 2,
        old_rate: 1,
        ex_date: dates[1]!,
      });
    }
  }
  const bar = (T: RawBar['T'], S: string, t: string, c: number, v: number): RawFeedRecord => {
    const o = round(c * (1 + (rnd() - 0.5) * 0.004));
    const h = round(Math.max(o, c) * (1 + rnd() * 0.003));
    const l = round(Math.min(o, c) * (1 - rnd() * 0.003));
    const value: RawBar = {
      T,
      S,
      o,
      h,
      l,
      c,
      v,
      t,
      n: Math.max(1, Math.round(v / 50)),
      vw: round((o + h + l + c) / 4),
    };
    return { key: S, value: JSON.stringify(value) };
  };
  for (let d = 0; d < dates.length; d++) {
    const day = dates[d]!;
    const open = Date.parse(regularSessionBounds(day)!.open);
    for (const a of actions)
      if (a.ex_date === day && a.type !== 'cash_dividend')
        price[symbols.indexOf(a.symbol)]! /= a.new_rate / a.old_rate;
    for (let m = 0; m < opts.minutesPerDay; m++) {
      const t = new Date(open + m * 60_000).toISOString().replace('.000Z', 'Z');
      for (let s = 0; s < symbols.length; s++) {
        // Occasional large moves so Bullish/Bearish flags and volume spikes appear.
        const shock = rnd() < 0.01 ? (rnd() - 0.5) * 0.2 : (rnd() - 0.5) * 0.01;
        price[s] = Math.max(1, price[s]! * (1 + shock));
        const c = round(price[s]!);
        const v = Math.round(1000 + rnd() * 5000 * (rnd() < 0.02 ? 10 : 1));
        const rec = bar('b', symbols[s]!, t, c, v);
        records.push(rec);
        expected++;
        if (rnd() < dupRate) records.push(rec);
        if (rnd() < updRate) {
          records.push(bar('u', symbols[s]!, t, round(c * (1 + (rnd() - 0.5) * 0.002)), v + 10));
          expected++;
        }
      }
    }
    const dayClose = new Date(Date.parse(`${day}T05:00:00Z`)).toISOString().replace('.000Z', 'Z');
    for (let s = 0; s < symbols.length; s++)
      records.push(bar('d', symbols[s]!, dayClose, round(price[s]!), 100_000));
  }
  return { records, actions, expectedEnriched: expected };
}
