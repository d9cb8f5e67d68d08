import { ENRICHED_BAR_SCHEMA, type EnrichedBarV1 } from '../src/index.js';

/**
 * One valid enriched bar for tests (test-only export `@marketfeed/schema/testing`, never shipped):
 * a regular-session AMZN minute 5.67 % above the previous close, every indicator defined.
 * Override what a test is about: `exampleEnrichedBar({ symbol: 'MSFT', seq: 2 })`.
 */
export function exampleEnrichedBar(overrides: Partial<EnrichedBarV1> = {}): EnrichedBarV1 {
  return {
    schema: ENRICHED_BAR_SCHEMA,
    symbol: 'AMZN',
    timestamp: '2024-07-11T19:49:00.000Z',
    open: 190.1,
    high: 190.5,
    low: 189.9,
    close: 190.2,
    volume: 1200,
    vwap: 190.21,
    tradeCount: 37,
    revision: 0,
    seq: 1,
    sessionDate: '2024-07-11',
    session: 'regular',
    prevClose: 180,
    prevCloseDate: '2024-07-10',
    change: 10.2,
    changePct: 5.666667,
    indicator: 'Bullish',
    smaFast: 189.95,
    smaSlow: 188.4,
    ema12: 189.8,
    ema26: 188.9,
    rsi14: 61.5,
    vwapSession: 190.02,
    bbMiddle: 189.95,
    bbUpper: 191.1,
    bbLower: 188.8,
    macd: 0.9,
    macdSignal: 0.7,
    macdHistogram: 0.2,
    signals: ['VOLUME_SPIKE'],
    splitAdjusted: false,
    ...overrides,
  };
}
