import { describe, expect, it } from 'vitest';
import { sessionOf } from '@marketfeed/indicators';
import { validateRawEvent } from '@marketfeed/schema';
import { generateSimulatedFeed, simulatedSymbols, type FeedItem } from './generate.js';

const take = (
  seed: number,
  opts: Parameters<typeof generateSimulatedFeed>[1],
  n = Infinity,
): FeedItem[] => {
  const out: FeedItem[] = [];
  for (const item of generateSimulatedFeed(seed, opts)) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
};

describe('generateSimulatedFeed', () => {
  it('yields the same items for the same seed and options, and different ones for another seed', () => {
    const a = take(7, { symbols: 5, days: 1 });
    const b = take(7, { symbols: 5, days: 1 });
    const c = take(8, { symbols: 5, days: 1 });
    expect(a.length).toBeGreaterThan(1000);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('emits only events that pass the raw-event schema', () => {
    const items = take(3, { symbols: 10, days: 2 });
    const invalid = items.filter((i) => i.kind === 'event' && !validateRawEvent(i.event).ok);
    expect(invalid).toEqual([]);
  });

  it('covers the pre, regular and after-hours sessions of trading days only, in data-time order', () => {
    const items = take(1, { symbols: 4, days: 3, startDate: '2024-07-03' });
    const sessions = new Set<string>();
    const dates = new Set<string>();
    let last = 0;
    for (const item of items) {
      expect(item.atMs).toBeGreaterThanOrEqual(last);
      last = item.atMs;
      if (item.kind === 'event' && item.event.T === 'b') {
        const s = sessionOf(item.event.t);
        sessions.add(s.session);
        dates.add(s.sessionDate);
      }
    }
    expect(sessions).toEqual(new Set(['pre', 'regular', 'post']));
    // 2024-07-04 is Independence Day: the three trading days are the 3rd (early close), 5th and 8th.
    expect([...dates].sort()).toEqual(['2024-07-03', '2024-07-05', '2024-07-08']);
  });

  it('publishes a daily bar per symbol after each regular session', () => {
    const items = take(2, { symbols: 3, days: 2 });
    const daily = items.filter((i) => i.kind === 'event' && i.event.T === 'd');
    expect(daily).toHaveLength(6);
  });

  it('puts each split before any bar of its ex-date and adjusts the price by the split ratio', () => {
    const items = take(11, { symbols: 20, days: 10, splitProbability: 0.2 });
    const splits = items.filter(
      (i): i is Extract<FeedItem, { kind: 'corporate-action' }> => i.kind === 'corporate-action',
    );
    expect(splits.length).toBeGreaterThan(0);
    for (const s of splits) {
      const at = items.indexOf(s);
      const firstBar = items.findIndex(
        (i) =>
          i.kind === 'event' &&
          i.event.S === s.action.symbol &&
          i.event.T !== 'd' &&
          sessionOf(i.event.t).sessionDate === s.action.ex_date,
      );
      expect(firstBar).toBeGreaterThan(at);
    }
  });

  it('produces opening gaps of 5% or more so the demo shows Bullish and Bearish flags', () => {
    const items = take(5, { symbols: 30, days: 5, shockProbability: 0.3, extendedHours: false });
    const closes = new Map<string, number>();
    let bigMoves = 0;
    for (const i of items) {
      if (i.kind !== 'event') continue;
      if (i.event.T === 'd') closes.set(i.event.S, i.event.c);
      else if (i.event.T === 'b' && i.event.t.endsWith('14:30:00Z')) {
        const prev = closes.get(i.event.S);
        if (prev !== undefined && Math.abs(i.event.c / prev - 1) >= 0.05) bigMoves++;
      }
    }
    expect(bigMoves).toBeGreaterThan(0);
  });

  it('names generated symbols deterministically', () => {
    expect(simulatedSymbols(3)).toEqual(['ZAAA', 'ZAAB', 'ZAAC']);
    expect(new Set(simulatedSymbols(2000)).size).toBe(2000);
  });
});
