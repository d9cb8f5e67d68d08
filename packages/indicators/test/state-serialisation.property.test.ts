import type { CorporateAction, RawBar } from '@marketfeed/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBar,
  createSymbolState,
  DEFAULT_ENRICH_CONFIG,
  restoreState,
  serializeState,
  type StepResult,
} from '../src/index.js';
import { tradingMinutes } from './helpers.js';

// A pool of minutes over a week with a split in the middle, so random events hit day changes,
// duplicates, revisions of latest and older bars, daily bars and the split.
const POOL = tradingMinutes('2024-06-06T19:00:00Z', 2500);
const SPLITS: CorporateAction[] = [
  { type: 'forward_split', symbol: 'AMZN', new_rate: 3, old_rate: 2, ex_date: '2024-06-10' },
];
const config = { ...DEFAULT_ENRICH_CONFIG, smaFast: 5, smaSlow: 12, volumeSpikeLookback: 6 };

const eventArb = fc.record({
  T: fc.constantFrom<RawBar['T']>('b', 'b', 'b', 'u', 'd'),
  at: fc.nat({ max: POOL.length - 1 }),
  c: fc.double({ min: 1, max: 1000, noNaN: true }),
  v: fc.nat({ max: 1_000_000 }),
});

/** Mostly-increasing timestamps with some repeats and stragglers, like a real feed. */
const eventsArb = fc.array(eventArb, { minLength: 1, maxLength: 300 }).map((events) => {
  let cursor = 0;
  return events.map((e): RawBar => {
    cursor = Math.min(POOL.length - 1, cursor + (e.at % 4));
    const at = e.T === 'u' || e.at % 11 === 0 ? Math.max(0, cursor - (e.at % 5)) : cursor;
    return {
      T: e.T,
      S: 'AMZN',
      o: e.c,
      h: e.c,
      l: e.c,
      c: e.c,
      v: e.v,
      t: POOL[at]!,
      n: 1,
      vw: e.c,
    };
  });
});

function runAll(events: RawBar[]): StepResult[] {
  const s = createSymbolState('AMZN');
  return events.map((e) => applyBar(s, e, SPLITS, config));
}

describe('state serialisation', () => {
  it('restore(serialize(s)) at any point continues exactly as if it had never stopped', () => {
    fc.assert(
      fc.property(eventsArb, fc.nat(), (events, cutSeed) => {
        const cut = cutSeed % (events.length + 1);
        let s = createSymbolState('AMZN');
        const results = events.slice(0, cut).map((e) => applyBar(s, e, SPLITS, config));
        s = restoreState(serializeState(s));
        for (const e of events.slice(cut)) results.push(applyBar(s, e, SPLITS, config));
        expect(results).toEqual(runAll(events));
      }),
      { numRuns: 300 },
    );
  });

  it('restoring after every single bar gives the same output and the same serialised state', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const straight = createSymbolState('AMZN');
        let hopping = createSymbolState('AMZN');
        for (const e of events) {
          const a = applyBar(straight, e, SPLITS, config);
          const b = applyBar(hopping, e, SPLITS, config);
          expect(b).toEqual(a);
          hopping = restoreState(serializeState(hopping));
        }
        expect(serializeState(hopping)).toBe(serializeState(straight));
      }),
      { numRuns: 200 },
    );
  });

  it('serialises to JSON that round-trips byte for byte', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const s = createSymbolState('AMZN');
        for (const e of events) applyBar(s, e, SPLITS, config);
        const json = serializeState(s);
        expect(serializeState(restoreState(json))).toBe(json);
      }),
    );
  });

  it('rejects something that is not a serialised state', () => {
    expect(() => restoreState('{"v":2}')).toThrow(TypeError);
    expect(() => restoreState('null')).toThrow(TypeError);
  });
});
