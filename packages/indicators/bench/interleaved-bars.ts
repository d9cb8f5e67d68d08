import type { RawBar } from '@marketfeed/schema';
import { seededRandom } from '../test/seeded-random.js';

/**
 * The benches' input: `symbols` symbols interleaved minute by minute for `minutes` minutes from
 * 04:00 New York (pre-market through post), seeded, with ~5 % of bars followed by a revision
 * (`u`) of the same minute. One generator, so every bench measures the same bars.
 */
export function interleavedBars(symbols: number, minutes: number): RawBar[] {
  const r = seededRandom(7);
  const out: RawBar[] = [];
  const price = Array.from({ length: symbols }, () => 20 + r() * 500);
  const start = Date.parse('2024-07-11T08:00:00Z');
  for (let m = 0; m < minutes; m++) {
    const t = new Date(start + m * 60_000).toISOString().replace('.000Z', 'Z');
    for (let s = 0; s < symbols; s++) {
      const p = (price[s] = price[s]! * (1 + (r() - 0.5) * 0.004));
      const o = +(p * (1 + (r() - 0.5) * 0.001)).toFixed(4);
      const c = +p.toFixed(4);
      const bar: RawBar = {
        T: 'b',
        S: `SYM${s}`,
        o,
        h: +(Math.max(o, c) * 1.0005).toFixed(4),
        l: +(Math.min(o, c) * 0.9995).toFixed(4),
        c,
        v: Math.floor(r() * 50_000),
        t,
        n: Math.floor(r() * 400),
        vw: +((o + c) / 2).toFixed(4),
      };
      out.push(bar);
      if (r() < 0.05) out.push({ ...bar, T: 'u', c: +(c * 1.0001).toFixed(4), v: bar.v + 100 });
    }
  }
  return out;
}
