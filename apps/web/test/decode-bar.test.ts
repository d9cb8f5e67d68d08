import { describe, expect, it } from 'vitest';
import { decodeBar } from '../src/live-feed.js';
import { barSeries } from './bars.js';

const bar = barSeries({ symbol: 'ZAAA', start: '2026-01-05T14:30:00Z', minutes: 1, open: 100, prevClose: 100, drift: 0, seed: 5 })[0]!;

describe('decoding a record from latest or enriched', () => {
  it('accepts a valid enriched bar, extra fields (Bollinger, MACD) included', () => {
    const decoded = decodeBar({ value: Buffer.from(JSON.stringify({ ...bar, bbUpper: 101, macd: 0.2 })) });
    expect(decoded).toMatchObject({ ok: true, bar: { symbol: 'ZAAA', bbUpper: 101, macd: 0.2 } });
  });

  it('turns a record that is not JSON into issues, not an exception', () => {
    const decoded = decodeBar({ value: Buffer.from('{oops') });
    expect(decoded.ok).toBe(false);
  });

  it('turns a record that breaks the schema into issues naming the field', () => {
    const decoded = decodeBar({ value: Buffer.from(JSON.stringify({ ...bar, indicator: 'Sideways' })) });
    expect(decoded).toMatchObject({ ok: false, issues: [{ path: 'indicator' }] });
  });
});
