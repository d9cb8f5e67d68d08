import { describe, expect, it } from 'vitest';
import { DEFAULT_ENRICH_CONFIG } from '../src/index.js';
import { bar, minutes, run } from './helpers.js';

const config = { ...DEFAULT_ENRICH_CONFIG, smaFast: 3, smaSlow: 5 };

describe('revisions and duplicates', () => {
  it('replaces the latest close in the indicator series when the latest bar is revised', () => {
    const ts = minutes('2024-07-11', 5);
    const closes = [1, 2, 3, 4, 5];
    const { out } = run([...ts.map((t, i) => bar(t, closes[i]!)), { ...bar(ts[4]!, 8), T: 'u' }], {
      config,
    });
    const revised = out[5]!;
    expect(revised).toMatchObject({
      revision: 1,
      close: 8,
      smaFast: (3 + 4 + 8) / 3,
      smaSlow: (1 + 2 + 3 + 4 + 8) / 5,
    });
    // The next bar sees the revised close, once.
    const next = run([bar('2024-07-11T13:35:00Z', 6)], {
      state: run([...ts.map((t, i) => bar(t, closes[i]!)), { ...bar(ts[4]!, 8), T: 'u' }], {
        config,
      }).state,
      config,
    }).out[0]!;
    expect(next.smaFast).toBe((4 + 8 + 6) / 3);
  });

  it('gives a revised latest bar the output it would have had if the corrected bar had come first', () => {
    const ts = minutes('2024-07-11', 40);
    const bars = ts.map((t, i) => bar(t, 100 + Math.sin(i) * 5, { v: 100 + i }));
    const corrected = { ...bars[39]!, c: 120, h: 120, v: 5000, vw: 119, T: 'u' as const };
    const revisedRun = run([...bars, corrected]).out[40]!;
    const directRun = run([...bars.slice(0, 39), { ...corrected, T: 'b' }]).out[39]!;
    expect({ ...revisedRun, revision: 0, seq: 0 }).toEqual({ ...directRun, revision: 0, seq: 0 });
    expect(revisedRun.signals).toContain('VOLUME_SPIKE');
  });

  it('re-emits a revision of an older bar with corrected prices but no recomputed indicators, leaving the series alone', () => {
    const ts = minutes('2024-07-11', 30);
    const bars = ts.map((t, i) => bar(t, 100 + i));
    const withOld = run([...bars.slice(0, 25), { ...bar(ts[3]!, 50), T: 'u' }, ...bars.slice(25)]);
    const without = run(bars);
    const revision = withOld.out[25]!;
    expect(revision).toMatchObject({
      timestamp: '2024-07-11T13:33:00.000Z',
      close: 50,
      revision: 1,
      smaFast: null,
      ema12: null,
      rsi14: null,
      vwapSession: null,
      signals: [],
    });
    expect(withOld.out.slice(26).map((b) => b.smaFast)).toEqual(
      without.out.slice(25).map((b) => b.smaFast),
    );
  });

  it('counts revisions per timestamp', () => {
    const { out } = run([
      bar('2024-07-11T13:30:00Z', 1),
      bar('2024-07-11T13:31:00Z', 1),
      { ...bar('2024-07-11T13:30:00Z', 2), T: 'u' },
      { ...bar('2024-07-11T13:31:00Z', 2), T: 'u' },
      { ...bar('2024-07-11T13:30:00Z', 3), T: 'u' },
    ]);
    expect(out.map((b) => b.revision)).toEqual([0, 0, 1, 1, 2]);
  });

  it('still detects duplicates of the previous session date, and ignores bars older than that', () => {
    const { results } = run([
      bar('2024-07-10T15:00:00Z', 1),
      bar('2024-07-11T15:00:00Z', 1),
      bar('2024-07-12T15:00:00Z', 1),
      bar('2024-07-11T15:00:00Z', 1),
      bar('2024-07-10T15:00:00Z', 1),
    ]);
    expect(results.map((r) => r.kind)).toEqual([
      'enriched',
      'enriched',
      'enriched',
      'duplicate',
      'ignored',
    ]);
  });

  it('treats an out-of-order new bar as new and appends it to the series in arrival order', () => {
    const { out } = run([bar('2024-07-11T13:31:00Z', 1), bar('2024-07-11T13:30:00Z', 2)], {
      config: { ...config, smaFast: 2 },
    });
    expect(out.map((b) => [b.revision, b.smaFast])).toEqual([
      [0, null],
      [0, 1.5],
    ]);
  });
});
