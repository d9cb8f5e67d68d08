import {
  ENRICHED_BAR_SCHEMA,
  validateEnrichedBar,
  type EnrichedBarV1,
  type Indicator,
  type Signal,
} from '@marketfeed/schema';

export interface SeriesOptions {
  symbol: string;
  start: string;
  minutes: number;
  open: number;
  prevClose: number;
  /** Drift per minute, as a fraction of the price. */
  drift: number;
  seed: number;
}

const indicatorOf = (changePct: number): Indicator =>
  changePct >= 5 ? 'Bullish' : changePct <= -5 ? 'Bearish' : 'Neutral';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * A deterministic, schema-valid series of enriched bars with the indicator fields filled the
 * way a chart expects them (values plausible, not the enricher's exact arithmetic: the web view
 * only displays them).
 */
export function barSeries(o: SeriesOptions): EnrichedBarV1[] {
  let state = o.seed;
  const rand = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const bars: EnrichedBarV1[] = [];
  const closes: number[] = [];
  let price = o.open;
  let ema12: number | null = null;
  let ema26: number | null = null;
  let pv = 0;
  let vol = 0;
  for (let i = 0; i < o.minutes; i++) {
    const open = price;
    const close = Math.max(1, open * (1 + o.drift + (rand() - 0.5) * 0.01));
    const high = Math.max(open, close) * (1 + rand() * 0.003);
    const low = Math.min(open, close) * (1 - rand() * 0.003);
    const volume = Math.round(1000 + rand() * 4000 + (i % 37 === 36 ? 20_000 : 0));
    closes.push(close);
    ema12 = ema12 === null ? close : ema12 + (2 / 13) * (close - ema12);
    ema26 = ema26 === null ? close : ema26 + (2 / 27) * (close - ema26);
    pv += ((high + low + close) / 3) * volume;
    vol += volume;
    const change = close - o.prevClose;
    const changePct = (change / o.prevClose) * 100;
    const signals: Signal[] = i % 37 === 36 ? ['VOLUME_SPIKE'] : [];
    if (i === Math.floor(o.minutes / 2)) signals.push(o.drift >= 0 ? 'GOLDEN_CROSS' : 'DEATH_CROSS');
    const bar: EnrichedBarV1 = {
      schema: ENRICHED_BAR_SCHEMA,
      symbol: o.symbol,
      timestamp: new Date(Date.parse(o.start) + i * 60_000).toISOString(),
      open,
      high,
      low,
      close,
      volume,
      vwap: (high + low + close) / 3,
      tradeCount: 10 + i,
      revision: 0,
      seq: i + 1,
      sessionDate: o.start.slice(0, 10),
      session: 'regular',
      prevClose: o.prevClose,
      prevCloseDate: '2026-01-02',
      change,
      changePct,
      indicator: indicatorOf(changePct),
      smaFast: closes.length >= 20 ? mean(closes.slice(-20)) : null,
      smaSlow: closes.length >= 50 ? mean(closes.slice(-50)) : null,
      ema12,
      ema26,
      rsi14: closes.length >= 15 ? 30 + rand() * 40 : null,
      vwapSession: pv / vol,
      signals,
      splitAdjusted: false,
    };
    const checked = validateEnrichedBar(bar);
    if (!checked.ok) throw new Error(`test bar invalid: ${JSON.stringify(checked.issues)}`);
    bars.push(bar);
    price = close;
  }
  return bars;
}

/** The bar after `last`: the next minute, one seq on. */
export function nextBar(last: EnrichedBarV1, close: number): EnrichedBarV1 {
  const change = close - (last.prevClose as number);
  const changePct = (change / (last.prevClose as number)) * 100;
  return {
    ...last,
    timestamp: new Date(Date.parse(last.timestamp) + 60_000).toISOString(),
    open: last.close,
    high: Math.max(last.close, close),
    low: Math.min(last.close, close),
    close,
    seq: last.seq + 1,
    revision: 0,
    change,
    changePct,
    indicator: indicatorOf(changePct),
    signals: [],
  };
}
