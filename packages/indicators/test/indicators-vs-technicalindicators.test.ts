import { EMA, RSI, SMA } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { bar, expectClose, randomWalk, run, tradingMinutes } from './helpers.js';

describe('indicator values agree with technicalindicators on long random series', () => {
  const N = 6000; // crosses several sessions and many ring turns
  for (const seed of [1, 42, 20240711]) {
    it(`SMA 20/50, EMA 12/26 and RSI 14 over ${N} bars (seed ${seed})`, () => {
      const { closes, volumes } = randomWalk(N, seed);
      const ts = tradingMinutes('2024-07-08T08:00:00Z', N);
      const { out } = run(ts.map((t, i) => bar(t, closes[i]!, { v: volumes[i]! })));
      expect(out).toHaveLength(N);
      const rel = (e: number) => Math.abs(e) * 1e-9;
      // technicalindicators rounds RSI to 2 decimals.
      const rounded = () => 0.005 + 1e-9;
      const references = [
        ['smaFast', SMA.calculate({ period: 20, values: closes }), rel],
        ['smaSlow', SMA.calculate({ period: 50, values: closes }), rel],
        ['ema12', EMA.calculate({ period: 12, values: closes }), rel],
        ['ema26', EMA.calculate({ period: 26, values: closes }), rel],
        ['rsi14', RSI.calculate({ period: 14, values: closes }), rounded],
      ] as const;
      for (const [field, expected, tolerance] of references) {
        expectClose(
          out.map((b) => b[field]),
          expected,
          tolerance,
        );
      }
    });
  }

  it('volume spikes are exactly the bars with volume >= 3 × the mean of the previous 20 volumes', () => {
    const { closes, volumes } = randomWalk(3000, 7);
    for (let i = 0; i < volumes.length; i += 37) volumes[i] = volumes[i]! * 8;
    const ts = tradingMinutes('2024-07-08T08:00:00Z', volumes.length);
    const { out } = run(ts.map((t, i) => bar(t, closes[i]!, { v: volumes[i]! })));
    const expected = volumes.map((v, i) => {
      if (i < 20 || v === 0) return false;
      const prev = volumes.slice(i - 20, i);
      return v >= (3 * prev.reduce((a, b) => a + b, 0)) / 20;
    });
    const spikes = out.map((b) => b.signals.includes('VOLUME_SPIKE'));
    // Compare away from exact ties, where summation order may flip the last bit.
    const ties = volumes.map(
      (v, i) =>
        i >= 20 &&
        Math.abs(v - (3 * volumes.slice(i - 20, i).reduce((a, b) => a + b, 0)) / 20) < 1e-6,
    );
    expect(spikes.filter((_, i) => !ties[i])).toEqual(expected.filter((_, i) => !ties[i]));
    expect(spikes.filter(Boolean).length).toBeGreaterThan(50);
  });

  it('crossover signals fire exactly where SMA20 − SMA50 changes sign (ignoring zeros)', () => {
    const { closes } = randomWalk(5000, 3);
    const ts = tradingMinutes('2024-07-08T08:00:00Z', closes.length);
    const { out } = run(ts.map((t, i) => bar(t, closes[i]!)));
    const fast = SMA.calculate({ period: 20, values: closes });
    const slow = SMA.calculate({ period: 50, values: closes });
    let last = 0;
    const expected: string[] = [];
    slow.forEach((s, i) => {
      const d = fast[i + 30]! - s;
      const sign = Math.abs(d) < 1e-9 ? 0 : Math.sign(d);
      if (sign === 1 && last === -1) expected.push(`${i + 49}:GOLDEN_CROSS`);
      if (sign === -1 && last === 1) expected.push(`${i + 49}:DEATH_CROSS`);
      if (sign !== 0) last = sign;
    });
    const actual = out.flatMap((b, i) =>
      b.signals.filter((s) => s.endsWith('CROSS')).map((s) => `${i}:${s}`),
    );
    expect(actual).toEqual(expected);
    expect(actual.length).toBeGreaterThan(10);
  });

  it('session VWAP is Σ(vw × v) / Σv over the bars of the same session date and session', () => {
    const ts = tradingMinutes('2024-07-11T13:28:00Z', 5); // two pre-market minutes, then regular
    const bars = ts.map((t, i) => bar(t, 10 + i, { vw: 10 + i, v: 100 * (i + 1) }));
    const { out } = run(bars);
    expect(out.map((b) => [b.session, b.vwapSession])).toEqual([
      ['pre', 10],
      ['pre', (10 * 100 + 11 * 200) / 300],
      ['regular', 12],
      ['regular', (12 * 300 + 13 * 400) / 700],
      ['regular', (12 * 300 + 13 * 400 + 14 * 500) / 1200],
    ]);
  });
});
