import { describe, expect, it } from 'vitest';
import {
  generateSimulatedFeed,
  simulatedSymbols,
  type FeedItem,
} from '../../../src/sources/simulator/generate.js';
import { formatStartPrices, parseStartPrices } from '../../../src/sources/simulator/start-prices.js';

const firstSession = (seed: number, opts: Parameters<typeof generateSimulatedFeed>[1]) => {
  const items: FeedItem[] = [];
  for (const item of generateSimulatedFeed(seed, { ...opts, days: 1 })) items.push(item);
  return items;
};

/** Each symbol's regular-session close of the (single) simulated day: its daily bar. */
const closes = (items: FeedItem[]) =>
  Object.fromEntries(
    items.flatMap((i) => (i.kind === 'event' && i.event.T === 'd' ? [[i.event.S, i.event.c]] : [])),
  ) as Record<string, number>;

/** Each symbol's first bar's open. */
const opens = (items: FeedItem[]) => {
  const out: Record<string, number> = {};
  for (const i of items) if (i.kind === 'event' && i.event.T === 'b') out[i.event.S] ??= i.event.o;
  return out;
};

describe('a continued simulation', () => {
  const symbols = 20;
  // No opening gaps: the test is about where prices start, not the simulated news.
  const day1 = firstSession(5, { symbols, startDate: '2024-03-04', shockProbability: 0 });
  const lastClose = closes(day1);
  const options = {
    symbols,
    startDate: '2024-03-05',
    startPrices: lastClose,
    shockProbability: 0,
    extendedHours: false,
  };

  it('opens each symbol at its last published close, not at its seeded price', () => {
    const day2 = opens(firstSession(5, options));
    const fresh = opens(firstSession(5, { ...options, startPrices: {} }));
    for (const s of simulatedSymbols(symbols)) {
      expect(day2[s]).toBe(lastClose[s]);
    }
    // Without start prices the same date starts from the seeded prices again.
    expect(simulatedSymbols(symbols).some((s) => fresh[s] !== lastClose[s])).toBe(true);
  });

  it('is deterministic from seed and start state, and not the first session replayed', () => {
    const a = firstSession(5, options);
    expect(JSON.stringify(firstSession(5, options))).toBe(JSON.stringify(a));
    const moves = (items: FeedItem[]) =>
      items.flatMap((i) =>
        i.kind === 'event' && i.event.T === 'b' ? [i.event.c / i.event.o] : [],
      );
    const firstDayMoves = moves(firstSession(5, { ...options, startPrices: {} }));
    expect(moves(a).slice(0, 50)).not.toEqual(firstDayMoves.slice(0, 50));
  });

  it('reads and writes SIMULATOR_START_PRICES, rejecting malformed entries', () => {
    expect(parseStartPrices(formatStartPrices({ ZAAB: 12.5, ZAAA: 243.71 }))).toEqual({
      ZAAA: 243.71,
      ZAAB: 12.5,
    });
    expect(formatStartPrices({ ZAAB: 1, ZAAA: 2 })).toBe('ZAAA=2,ZAAB=1');
    expect(parseStartPrices('')).toEqual({});
    expect(parseStartPrices('ZAAA=abc')).toBeNull();
    expect(parseStartPrices('ZAAA=-1')).toBeNull();
    expect(parseStartPrices('ZAAA')).toBeNull();
  });
});
