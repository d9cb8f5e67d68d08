import { BollingerBands } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { bar, expectClose, randomWalk, run, tradingMinutes } from '../helpers.js';

describe('Bollinger bands (20, 2)', () => {
  for (const seed of [1, 42]) {
    it(`agree with technicalindicators over 3000 bars (seed ${seed})`, () => {
      const N = 3000;
      const { closes } = randomWalk(N, seed);
      const ts = tradingMinutes('2024-07-08T08:00:00Z', N);
      const { out } = run(ts.map((t, i) => bar(t, closes[i]!)));
      const expected = BollingerBands.calculate({ period: 20, stdDev: 2, values: closes });
      const rel = (e: number) => Math.abs(e) * 1e-9;
      expectClose(
        out.map((b) => b.bbMiddle ?? null),
        expected.map((e) => e.middle),
        rel,
      );
      expectClose(
        out.map((b) => b.bbUpper ?? null),
        expected.map((e) => e.upper),
        rel,
      );
      expectClose(
        out.map((b) => b.bbLower ?? null),
        expected.map((e) => e.lower),
        rel,
      );
    });
  }

  it('are null until 20 closes, and flat prices give bands equal to the middle', () => {
    const ts = tradingMinutes('2024-07-08T13:30:00Z', 21);
    const { out } = run(ts.map((t) => bar(t, 50)));
    expect(out[18]).toMatchObject({ bbMiddle: null, bbUpper: null, bbLower: null });
    expect(out[19]).toMatchObject({ bbMiddle: 50, bbUpper: 50, bbLower: 50 });
  });
});
