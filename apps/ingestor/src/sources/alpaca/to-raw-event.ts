import type { RawBar, RawQuote, RawStatus, RawTrade } from '@marketfeed/schema';

/**
 * The SDK hands listeners its own mapped shapes (`{symbol, open, ..., timestamp: Date}`); the raw
 * topic carries Alpaca's wire form (`{T, S, o, ...}`), so these map them back. Pure.
 */
type Stamp = { timestamp: Date; timestampRaw?: string | undefined };

/**
 * Alpaca's msgpack timestamps decode to 9 fractional digits (`...:00.000000000Z`) while its JSON
 * and REST use `...:00Z`. Trailing zeros are dropped so one bar has one timestamp string whichever
 * way it arrived — the enricher and the backfill de-duplication compare them as strings.
 */
export function normaliseTimestamp(ts: string): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(ts);
  if (!m) return ts;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac === '' ? `${m[1]}Z` : `${m[1]}.${frac}Z`;
}

function stamp(s: Stamp): string {
  if (s.timestampRaw) return normaliseTimestamp(s.timestampRaw);
  return Number.isNaN(s.timestamp.getTime())
    ? 'invalid'
    : normaliseTimestamp(s.timestamp.toISOString());
}

// Loose on purpose: whatever the SDK leaves undefined fails validation and goes to the DLQ.
type Maybe<T> = T | undefined;
export type SdkBar = Stamp & {
  symbol?: Maybe<string>;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap?: Maybe<number>;
  tradeCount?: Maybe<number>;
};
export type SdkStatus = Stamp & {
  symbol: string;
  statusCode?: Maybe<string>;
  statusMessage?: Maybe<string>;
  reasonCode?: Maybe<string>;
  reasonMessage?: Maybe<string>;
  tape?: Maybe<string>;
};
/** Trades and quotes end alike in Alpaca's stream: condition codes, time and tape. */
type SdkConditionsAndTape = Stamp & { conditions: string[]; tape?: Maybe<string> };
export type SdkTrade = SdkConditionsAndTape & {
  symbol: string;
  id: number;
  exchange?: Maybe<string>;
  price: number;
  size: number;
};
export type SdkQuote = SdkConditionsAndTape & {
  symbol: string;
  bidExchange?: Maybe<string>;
  bidPrice: number;
  bidSize: number;
  askExchange?: Maybe<string>;
  askPrice: number;
  askSize: number;
};

/** The raw fields `c`, `t`, `z` that trades and quotes share, last in each as Alpaca sends them. */
const conditionsTimeTape = (x: SdkConditionsAndTape) => ({
  c: x.conditions,
  t: stamp(x),
  z: x.tape,
});

export function barToRaw(T: 'b' | 'u' | 'd', b: SdkBar, symbol = b.symbol): RawBar {
  return {
    T,
    S: symbol as string,
    o: b.open,
    h: b.high,
    l: b.low,
    c: b.close,
    v: b.volume,
    t: stamp(b),
    n: b.tradeCount as number,
    vw: b.vwap as number,
  };
}

export function statusToRaw(s: SdkStatus): RawStatus {
  return {
    T: 's',
    S: s.symbol,
    sc: s.statusCode,
    sm: s.statusMessage,
    rc: s.reasonCode,
    rm: s.reasonMessage,
    t: stamp(s),
    z: s.tape,
  } as RawStatus;
}

export function tradeToRaw(t: SdkTrade): RawTrade {
  return {
    T: 't',
    S: t.symbol,
    i: t.id,
    x: t.exchange,
    p: t.price,
    s: t.size,
    ...conditionsTimeTape(t),
  } as RawTrade;
}

export function quoteToRaw(q: SdkQuote): RawQuote {
  return {
    T: 'q',
    S: q.symbol,
    ax: q.askExchange,
    ap: q.askPrice,
    as: q.askSize,
    bx: q.bidExchange,
    bp: q.bidPrice,
    bs: q.bidSize,
    ...conditionsTimeTape(q),
  } as RawQuote;
}
