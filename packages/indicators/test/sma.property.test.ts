import type { RawBar } from '@marketfeed/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBar, createSymbolState, DEFAULT_ENRICH_CONFIG } from '../src/index.js';
import { tradingMinutes } from './helpers.js';

const POOL = tradingMinutes('2024-07-08T08:00:00Z', 400);

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function near(actual: number | null, expected: number | null): boolean {
  if (expected === null || actual === null) return actual === expected;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

describe('SMA', () => {
  it('equals the naive mean of the last n closes, for any windows and prices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), {
          minLength: 1,
          maxLength: POOL.length,
        }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 80 }),
        (closes, fast, slow) => {
          const config = { ...DEFAULT_ENRICH_CONFIG, smaFast: fast, smaSlow: slow };
          const s = createSymbolState('X');
          closes.forEach((c, i) => {
            const r = applyBar(
              s,
              { T: 'b', S: 'X', o: c, h: c, l: c, c, v: 1, t: POOL[i]!, n: 1, vw: c },
              [],
              config,
            );
            if (r.kind !== 'enriched') throw new Error(r.kind);
            const seen = closes.slice(0, i + 1);
            expect(near(r.bar.smaFast, seen.length >= fast ? mean(seen.slice(-fast)) : null)).toBe(
              true,
            );
            expect(near(r.bar.smaSlow, seen.length >= slow ? mean(seen.slice(-slow)) : null)).toBe(
              true,
            );
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('equals the naive mean of one close per minute (latest revision) when the latest bar is revised', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ c: fc.double({ min: 1, max: 1000, noNaN: true }), revise: fc.boolean() }),
          { minLength: 1, maxLength: 200 },
        ),
        (steps) => {
          const config = { ...DEFAULT_ENRICH_CONFIG, smaFast: 7, smaSlow: 15 };
          const s = createSymbolState('X');
          const series: number[] = [];
          let minute = 0;
          for (const { c, revise } of steps) {
            const T: RawBar['T'] = revise && series.length > 0 ? 'u' : 'b';
            if (T === 'u') series[series.length - 1] = c;
            else series.push(c);
            const t = POOL[T === 'u' ? minute - 1 : minute++]!;
            const r = applyBar(
              s,
              { T, S: 'X', o: c, h: c, l: c, c, v: 1, t, n: 1, vw: c },
              [],
              config,
            );
            if (r.kind !== 'enriched') throw new Error(r.kind);
            expect(near(r.bar.smaFast, series.length >= 7 ? mean(series.slice(-7)) : null)).toBe(
              true,
            );
            expect(near(r.bar.smaSlow, series.length >= 15 ? mean(series.slice(-15)) : null)).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
