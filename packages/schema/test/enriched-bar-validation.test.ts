import { describe, expect, it } from 'vitest';
import { validateEnrichedBar, type EnrichedBarV1 } from '../src/index.js';
import { exampleEnrichedBar } from '../testing/example-enriched-bar.js';

const enriched: EnrichedBarV1 = exampleEnrichedBar({
  smaFast: null,
  smaSlow: null,
  ema12: null,
  ema26: null,
  rsi14: null,
});

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

describe('fields added within v1', () => {
  it('a record written before Bollinger and MACD (no bb*/macd* fields) is still valid', () => {
    const { bbMiddle, bbUpper, bbLower, macd, macdSignal, macdHistogram, ...older } =
      exampleEnrichedBar();
    expect([bbMiddle, bbUpper, bbLower, macd, macdSignal, macdHistogram]).not.toContain(undefined);
    expect(paths(older)).toEqual([]);
  });

  it('a field of the first release is still required', () => {
    const { smaFast: _gone, ...missing } = exampleEnrichedBar();
    expect(paths(missing)).toEqual(['smaFast']);
  });
});
