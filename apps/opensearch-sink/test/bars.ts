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
