import { MACD } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { bar, expectClose, randomWalk, run, tradingMinutes } from '../helpers.js';

describe('MACD (12, 26, 9)', () => {
  for (const seed of [1, 42]) {
    it(`agrees with technicalindicators (EMA oscillator and signal) over 3000 bars (seed ${seed})`, () => {
      const N = 3000;
      const { closes } = randomWalk(N, seed);
      const ts = tradingMinutes('2024-07-08T08:00:00Z', N);
      const { out } = run(ts.map((t, i) => bar(t, closes[i]!)));
      const expected = MACD.calculate({
        values: closes,
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      });
      // Differences of two ~100 prices: compare at an absolute tolerance on that scale.
      const abs = () => 1e-9;
      expectClose(
        out.map((b) => b.macd ?? null),
        expected.map((e) => e.MACD!),
        abs,
      );
      const withSignal = expected.filter((e) => e.signal !== undefined);
      expectClose(
        out.map((b) => b.macdSignal ?? null),
        withSignal.map((e) => e.signal!),
        abs,
      );
      expectClose(
        out.map((b) => b.macdHistogram ?? null),
        withSignal.map((e) => e.histogram!),
        abs,
      );
    });
  }

  it('macd appears with ema26 (26th close), the signal 8 bars later', () => {
    const ts = tradingMinutes('2024-07-08T13:30:00Z', 40);
    const { out } = run(ts.map((t, i) => bar(t, 100 + i)));
    expect(out.findIndex((b) => b.macd !== null)).toBe(25);
    expect(out.findIndex((b) => b.macdSignal !== null)).toBe(33);
    expect(out[33]!.macdHistogram).toBeCloseTo(out[33]!.macd! - out[33]!.macdSignal!, 12);
  });
});
