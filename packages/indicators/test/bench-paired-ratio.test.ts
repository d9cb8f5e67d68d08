import { describe, expect, it } from 'vitest';
import { pairedRatio } from '../bench/paired-ratio.js';

describe('pairedRatio (what the paired benchmarks decide by)', () => {
  it('is baseline time over current time, so above 1 means the current build is faster', () => {
    const r = pairedRatio([10, 10, 10], [5, 5, 5]);
    expect(r).toMatchObject({ median: 2, low: 2, high: 2, rounds: 3, won: 3 });
  });

  it('cancels load that hits both builds of a round alike', () => {
    // Every round 2x slower than the one before for both builds; current always 10 % faster.
    const base = [100, 200, 400, 800, 1600];
    const r = pairedRatio(
      base,
      base.map((t) => t / 1.1),
    );
    expect(r.median).toBeCloseTo(1.1, 12);
    expect(r.low).toBeCloseTo(1.1, 12);
    expect(r.high).toBeCloseTo(1.1, 12);
  });

  it('gives an interval around the median that widens with the spread of the rounds', () => {
    const tight = pairedRatio(
      [100, 100, 100, 100, 100, 100, 100, 100],
      [99, 101, 100, 98, 102, 100, 99, 101],
    );
    const loose = pairedRatio(
      [100, 100, 100, 100, 100, 100, 100, 100],
      [80, 125, 100, 70, 130, 100, 85, 115],
    );
    expect(tight.low).toBeLessThanOrEqual(tight.median);
    expect(tight.high).toBeGreaterThanOrEqual(tight.median);
    expect(loose.high - loose.low).toBeGreaterThan(tight.high - tight.low);
    expect(tight.won).toBe(3);
  });

  it('takes the middle two rounds for an even count', () => {
    expect(pairedRatio([1, 2, 3, 4], [1, 1, 1, 1]).median).toBe(2.5);
  });

  it('refuses sides of different lengths', () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/same number of rounds/);
  });
});
