import { ENRICHED_BAR_SCHEMA, type EnrichedBarV1 } from '@marketfeed/schema';

/** A valid enriched bar for tests; override what the test is about. */
export function enrichedBar(overrides: Partial<EnrichedBarV1> = {}): EnrichedBarV1 {
  return {
    schema: ENRICHED_BAR_SCHEMA,
    symbol: 'AMZN',
    timestamp: '2024-07-11T19:49:00Z',
    open: 194.58,
    high: 194.64,
    low: 194.58,
    close: 194.64,
    volume: 255,
    vwap: 194.61,
    tradeCount: 12,
    revision: 0,
    seq: 1,
    sessionDate: '2024-07-11',
    session: 'regular',
    prevClose: 196.36,
    prevCloseDate: '2024-07-10',
    change: -1.72,
    changePct: -0.8759,
    indicator: 'Neutral',
    smaFast: 194.5,
    smaSlow: null,
    ema12: 194.55,
    ema26: null,
    rsi14: 48.2,
    vwapSession: 194.7,
    signals: [],
    splitAdjusted: false,
    ...overrides,
  };
}

/** `count` consecutive 1-minute bars per symbol from `start`, each a valid enriched bar. */
export function barSeries(
  symbols: readonly string[],
  count: number,
  start = '2024-07-31T23:00:00Z',
): EnrichedBarV1[] {
  const t0 = Date.parse(start);
  const out: EnrichedBarV1[] = [];
  for (let i = 0; i < count; i++) {
    for (const symbol of symbols) {
      const close = 100 + ((i * 7) % 13) + symbol.length;
      out.push(
        enrichedBar({
          symbol,
          timestamp: new Date(t0 + i * 60_000).toISOString().replace('.000Z', 'Z'),
          open: close - 0.5,
          high: close + 1,
          low: close - 1,
          close,
          volume: 1000 + i,
          seq: i + 1,
        }),
      );
    }
  }
  return out;
}
