import type { RawBar } from '@marketfeed/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBar,
  createSymbolState,
  DEFAULT_ENRICH_CONFIG,
  INDICATOR_REGISTRY,
  restoreState,
  serializeState,
  type SeriesState,
  type SymbolState,
} from '../src/index.js';
import { tradingMinutes } from './helpers.js';

/**
 * A series as the plain object state v2 defines: its slab as `ind`, each indicator's fields by
 * name (in the order the registry declares them) for the indicators the state has parameters of.
 */
const seriesByDefinition = (series: SeriesState, params: SymbolState['params']) => {
  const { slab, ...rest } = series;
  const ind: Record<string, Record<string, unknown>> = {};
  let at = 0;
  for (const i of INDICATOR_REGISTRY) {
    const fields: Record<string, unknown> = {};
    for (const f of i.state) {
      const v = slab[at++]!;
      fields[f.name] = f.codec ? f.codec.write(v) : v;
    }
    if (params?.[i.name] !== undefined) ind[i.name] = fields;
  }
  return { ...rest, ind };
};

/** The changelog value by its definition: the state as a plain object, revisions as `{"<ms>": count}`. */
const byDefinition = (s: SymbolState) =>
  JSON.stringify({
    ...s,
    series: seriesByDefinition(s.series, s.params),
    undo: s.undo && { ...s.undo, series: seriesByDefinition(s.undo.series, s.params) },
    revisions: Object.fromEntries(s.revisions),
  });

const POOL = tradingMinutes('2024-07-08T12:00:00Z', 1200);
const config = { ...DEFAULT_ENRICH_CONFIG, smaFast: 5, smaSlow: 12, volumeSpikeLookback: 6 };

const feedArb = fc.array(
  fc.record({
    T: fc.constantFrom<RawBar['T']>('b', 'b', 'u', 'u', 'd'),
    step: fc.nat({ max: 3 }),
    back: fc.nat({ max: 6 }),
    c: fc.double({ min: 1, max: 1000, noNaN: true }),
  }),
  { minLength: 1, maxLength: 300 },
);

describe('the changelog format (state version 2)', () => {
  it('is the JSON of the state as a plain object, revisions included, for any feed', () => {
    fc.assert(
      fc.property(feedArb, (events) => {
        const s = createSymbolState('AMZN');
        let at = 0;
        for (const e of events) {
          at = Math.min(POOL.length - 1, at + e.step);
          const t = POOL[e.T === 'u' ? Math.max(0, at - e.back) : at]!;
          applyBar(
            s,
            { T: e.T, S: 'AMZN', o: e.c, h: e.c, l: e.c, c: e.c, v: 5, t, n: 1, vw: e.c },
            [],
            config,
          );
          expect(serializeState(s)).toBe(byDefinition(s));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('writes index-like revision keys (1970 timestamps) first, ascending, as a plain object would', () => {
    const s = createSymbolState('AMZN');
    applyBar(
      s,
      { T: 'b', S: 'AMZN', o: 1, h: 1, l: 1, c: 1, v: 5, t: POOL[0]!, n: 1, vw: 1 },
      [],
      config,
    );
    s.revisions = new Map([
      [1720444200000, 2],
      [7, 1],
    ]);
    expect(serializeState(s)).toMatch(/"revisions":\{"7":1,"1720444200000":2\}/);
    expect(serializeState(s)).toBe(byDefinition(s));
    expect(serializeState(restoreState(serializeState(s)))).toBe(serializeState(s));
  });
});
