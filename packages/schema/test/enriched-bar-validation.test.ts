import { describe, expect, it } from 'vitest';
import { ENRICHED_BAR_SCHEMA, validateEnrichedBar, type EnrichedBarV1 } from '../src/index.js';

const enriched: EnrichedBarV1 = {
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
  changePct: 5.666666666666667,
  indicator: 'Bullish',
  smaFast: null,
  smaSlow: null,
  ema12: null,
  ema26: null,
  rsi14: null,
  vwapSession: 190.21,
  signals: ['VOLUME_SPIKE'],
  splitAdjusted: false,
};

function paths(v: unknown): string[] {
  const r = validateEnrichedBar(v);
  return r.ok ? [] : r.issues.map((i) => i.path);
}

describe('enriched bar validation', () => {
  it('accepts a well-formed enriched bar, with or without a known previous close', () => {
    expect(paths(enriched)).toEqual([]);
    expect(
      paths({
        ...enriched,
        prevClose: null,
        prevCloseDate: null,
        change: null,
        changePct: null,
        indicator: 'Neutral',
      }),
    ).toEqual([]);
  });

  it('rejects a wrong schema tag, unknown enums, duplicate signals and an out-of-range RSI', () => {
    expect(
      paths({
        ...enriched,
        schema: 'marketfeed.enriched-bar.v2',
        session: 'closed',
        indicator: 'Up',
        rsi14: 101,
        signals: ['SPLIT', 'SPLIT'],
      }),
    ).toEqual(['schema', 'session', 'indicator', 'rsi14', 'signals']);
    expect(paths({ ...enriched, signals: ['MOON'] })).toEqual(['signals.0']);
  });

  it('rejects the cross-field inconsistencies JSON Schema cannot express', () => {
    expect(paths({ ...enriched, high: 1, low: 2, open: 1.5, close: 1.5 })).toEqual(['high']);
    expect(paths({ ...enriched, prevClose: null })).toEqual(['prevClose']);
  });

  it('rejects a seq below 1 and a fractional revision', () => {
    expect(paths({ ...enriched, seq: 0, revision: 0.5 })).toEqual(['revision', 'seq']);
  });
});
