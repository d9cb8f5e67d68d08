import { describe, expect, it } from 'vitest';
import { validateEnrichedBar } from '@marketfeed/schema';
import { applyBar, createSymbolState, DEFAULT_ENRICH_CONFIG } from '../src/index.js';
import { bar, enriched, minutes, run } from './helpers.js';

// One test per rule of ARCHITECTURE.md "Enrichment rules v1".
describe('Enrichment rules v1', () => {
  it("rule: a bar's session date is its start timestamp's date in America/New_York", () => {
    const { out } = run([bar('2024-01-03T00:30:00Z', 10)]);
    expect(out[0]).toMatchObject({ sessionDate: '2024-01-02', session: 'post' });
  });

  // Each case: bars of earlier sessions and one later bar, and what the bar at `at` compares with.
  it.each([
    {
      rule: 'rule: the session close of D is the daily bar close when one was received',
      bars: [
        bar('2024-07-10T19:59:00Z', 100),
        { ...bar('2024-07-10T04:00:00Z', 101), T: 'd' as const },
        bar('2024-07-11T13:30:00Z', 110),
      ],
      at: 1,
      expected: { prevClose: 101, prevCloseDate: '2024-07-10' },
    },
    {
      rule: 'rule: a daily bar takes precedence even when it arrives before the last minute bar',
      bars: [
        { ...bar('2024-07-10T04:00:00Z', 101), T: 'd' as const },
        bar('2024-07-10T19:59:00Z', 100),
        bar('2024-07-11T13:30:00Z', 110),
      ],
      at: 1,
      expected: { prevClose: 101 },
    },
    {
      rule: 'rule: without a daily bar the session close is the last regular-hours minute bar, not a post-market one',
      bars: [
        bar('2024-07-10T19:58:00Z', 99),
        bar('2024-07-10T19:59:00Z', 100),
        bar('2024-07-10T20:05:00Z', 120),
        bar('2024-07-11T13:30:00Z', 110),
      ],
      at: 3,
      expected: { prevClose: 100, prevCloseDate: '2024-07-10' },
    },
    {
      rule: 'rule: the last regular-hours bar is the latest by timestamp, not by arrival',
      bars: [
        bar('2024-07-10T19:59:00Z', 100),
        bar('2024-07-10T19:58:00Z', 99),
        bar('2024-07-11T13:30:00Z', 110),
      ],
      at: 2,
      expected: { prevClose: 100 },
    },
    {
      rule: 'rule: the session close takes the latest revision of the last regular bar',
      bars: [
        bar('2024-07-10T19:59:00Z', 100),
        { ...bar('2024-07-10T19:59:00Z', 102), T: 'u' as const },
        bar('2024-07-11T13:30:00Z', 110),
      ],
      at: 2,
      expected: { prevClose: 102 },
    },
    {
      // Friday has only post-market bars (no regular close), so Monday compares with Thursday.
      rule: 'rule: prevClose skips earlier days without a known close and says which day it used',
      bars: [
        bar('2024-07-11T19:59:00Z', 100),
        bar('2024-07-12T21:00:00Z', 90),
        bar('2024-07-15T13:30:00Z', 105),
      ],
      at: 2,
      expected: { prevClose: 100, prevCloseDate: '2024-07-11' },
    },
  ])('$rule', ({ bars, at, expected }) => {
    const { out } = run(bars);
    expect(out[at]).toMatchObject(expected);
  });

  it('rule: pre-market, regular and after-hours bars of D all compare with the previous session close', () => {
    const { out } = run([
      bar('2024-07-10T19:59:00Z', 100),
      bar('2024-07-11T08:00:00Z', 101),
      bar('2024-07-11T14:00:00Z', 102),
      bar('2024-07-11T21:00:00Z', 103),
    ]);
    expect(out.slice(1).map((b) => [b.session, b.prevClose, b.prevCloseDate])).toEqual([
      ['pre', 100, '2024-07-10'],
      ['regular', 100, '2024-07-10'],
      ['post', 100, '2024-07-10'],
    ]);
  });

  it('rule: prevClose of the first session ever seen is unknown: change and changePct null, Neutral', () => {
    const { out } = run([bar('2024-07-11T13:30:00Z', 100), bar('2024-07-11T13:31:00Z', 200)]);
    expect(out[1]).toMatchObject({
      prevClose: null,
      prevCloseDate: null,
      change: null,
      changePct: null,
      indicator: 'Neutral',
      splitAdjusted: false,
    });
  });

  it('rule: change = close − prevClose and changePct = change / prevClose × 100', () => {
    const { out } = run([bar('2024-07-10T19:59:00Z', 80), bar('2024-07-11T13:30:00Z', 83)]);
    expect(out[1]).toMatchObject({ change: 3, changePct: 3.75, indicator: 'Neutral' });
  });

  it('rule: Bullish at exactly +threshold and Bearish at exactly −threshold (inclusive)', () => {
    const { out } = run([
      bar('2024-07-10T19:59:00Z', 100),
      bar('2024-07-11T13:30:00Z', 105),
      bar('2024-07-11T13:31:00Z', 95),
      bar('2024-07-11T13:32:00Z', 104.99),
    ]);
    expect(out.slice(1).map((b) => b.indicator)).toEqual(['Bullish', 'Bearish', 'Neutral']);
  });

  it('rule: the threshold is configurable', () => {
    const config = { ...DEFAULT_ENRICH_CONFIG, thresholdPct: 1 };
    const { out } = run([bar('2024-07-10T19:59:00Z', 100), bar('2024-07-11T13:30:00Z', 101)], {
      config,
    });
    expect(out[1]?.indicator).toBe('Bullish');
  });

  it('rule: a bar (b) for an already-seen symbol+timestamp is a duplicate and is dropped', () => {
    const { results } = run([
      bar('2024-07-11T13:30:00Z', 100),
      bar('2024-07-11T13:30:00Z', 100),
      bar('2024-07-11T13:30:00.000Z', 101),
    ]);
    expect(results.map((r) => r.kind)).toEqual(['enriched', 'duplicate', 'duplicate']);
  });

  it('rule: an updated bar (u) for a seen timestamp re-emits the bar with revision + 1', () => {
    const { out } = run([
      bar('2024-07-11T13:30:00Z', 100),
      { ...bar('2024-07-11T13:30:00Z', 101), T: 'u' },
      { ...bar('2024-07-11T13:30:00Z', 102), T: 'u' },
    ]);
    expect(out.map((b) => [b.timestamp, b.close, b.revision])).toEqual([
      ['2024-07-11T13:30:00.000Z', 100, 0],
      ['2024-07-11T13:30:00.000Z', 101, 1],
      ['2024-07-11T13:30:00.000Z', 102, 2],
    ]);
  });

  it('rule: an updated bar for an unseen timestamp is a new bar with revision 0', () => {
    const { out } = run([{ ...bar('2024-07-11T13:30:00Z', 100), T: 'u' }]);
    expect(out[0]?.revision).toBe(0);
  });

  it('rule: daily bars (d) update state only', () => {
    const { results } = run([{ ...bar('2024-07-11T04:00:00Z', 100), T: 'd' }]);
    expect(results.map((r) => r.kind)).toEqual(['state-only']);
  });

  it('rule: seq is +1 per enriched record of the symbol, revisions included, duplicates not', () => {
    const { out } = run([
      bar('2024-07-11T13:30:00Z', 100),
      bar('2024-07-11T13:30:00Z', 100),
      { ...bar('2024-07-11T13:30:00Z', 101), T: 'u' },
      { ...bar('2024-07-11T04:00:00Z', 100), T: 'd' },
      bar('2024-07-11T13:31:00Z', 100),
    ]);
    expect(out.map((b) => b.seq)).toEqual([1, 2, 3]);
  });

  it('rule: timestamps are ISO-8601 UTC and every record carries the schema version and validates', () => {
    const { out } = run(
      minutes('2024-07-11', 60).map((t, i) => bar(t, 100 + Math.sin(i), { v: 100 + i })),
    );
    for (const b of out) {
      expect(b.schema).toBe('marketfeed.enriched-bar.v1');
      expect(b.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(validateEnrichedBar(b)).toEqual({ ok: true, value: b });
    }
  });

  it('rule: same input, same output — two runs over the same bars are identical', () => {
    const bars = minutes('2024-07-11', 120).map((t, i) =>
      bar(t, 100 + ((i * 7919) % 13), { v: 50 + ((i * 31) % 17) }),
    );
    expect(run(bars).out).toEqual(run(bars).out);
  });

  it('ignores bars outside 04:00–20:00 New York time and on non-trading days', () => {
    const { results } = run([
      bar('2024-07-11T07:59:00Z', 100),
      bar('2024-07-04T15:00:00Z', 100),
      { ...bar('2024-07-04T04:00:00Z', 1), T: 'd' },
    ]);
    expect(results.map((r) => r.kind)).toEqual(['ignored', 'ignored', 'ignored']);
  });

  it('refuses a bar of another symbol as a caller bug', () => {
    expect(() =>
      applyBar(
        createSymbolState('AAPL'),
        bar('2024-07-11T13:30:00Z', 1),
        [],
        DEFAULT_ENRICH_CONFIG,
      ),
    ).toThrow(RangeError);
  });

  it('returns the enriched bar with the raw bar fields renamed', () => {
    const r = applyBar(
      createSymbolState('AMZN'),
      {
        T: 'b',
        S: 'AMZN',
        o: 1,
        h: 4,
        l: 0.5,
        c: 2,
        v: 7,
        t: '2024-07-11T13:30:00Z',
        n: 3,
        vw: 2.5,
      },
      [],
      DEFAULT_ENRICH_CONFIG,
    );
    expect(enriched(r)).toMatchObject({
      symbol: 'AMZN',
      open: 1,
      high: 4,
      low: 0.5,
      close: 2,
      volume: 7,
      tradeCount: 3,
      vwap: 2.5,
    });
  });
});
