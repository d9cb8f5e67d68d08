import { describe, expect, it } from 'vitest';
import { newYorkOffsetMs, regularSessionBounds, sessionOf } from '../src/index.js';

const intl = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  timeZoneName: 'shortOffset',
});
function intlOffsetHours(ms: number): number {
  const name = intl.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value;
  return Number(name?.replace('GMT', ''));
}

describe('America/New_York by rule', () => {
  it('agrees with the tz database every half hour around every DST change 2000–2100', () => {
    for (let y = 2000; y <= 2100; y++) {
      for (const month of [2, 3, 9, 10]) {
        // All of March/April and October/November: the window both rule sets change in.
        for (let t = Date.UTC(y, month, 1); t < Date.UTC(y, month + 1, 1); t += 1_800_000) {
          const hours = new Date(t).getUTCHours();
          if (hours < 4 || hours > 8) continue;
          expect(newYorkOffsetMs(t) / 3_600_000, new Date(t).toISOString()).toBe(
            intlOffsetHours(t),
          );
        }
      }
    }
  });

  it('agrees with the tz database at noon UTC every day 2000–2100', () => {
    for (let t = Date.UTC(2000, 0, 1, 12); t < Date.UTC(2101, 0, 1); t += 86_400_000 * 3) {
      expect(newYorkOffsetMs(t) / 3_600_000).toBe(intlOffsetHours(t));
    }
  });

  it('opens at 13:30Z on the first Monday of daylight time and 14:30Z the Friday before (2007+ rule)', () => {
    expect(regularSessionBounds('2024-03-11')?.open).toBe('2024-03-11T13:30:00.000Z');
    expect(regularSessionBounds('2024-03-08')?.open).toBe('2024-03-08T14:30:00.000Z');
    expect(regularSessionBounds('2024-11-01')?.close).toBe('2024-11-01T20:00:00.000Z');
    expect(regularSessionBounds('2024-11-04')?.close).toBe('2024-11-04T21:00:00.000Z');
  });

  it('uses the first-Sunday-of-April to last-Sunday-of-October rule before 2007', () => {
    expect(regularSessionBounds('2006-03-31')?.open).toBe('2006-03-31T14:30:00.000Z');
    expect(regularSessionBounds('2006-04-03')?.open).toBe('2006-04-03T13:30:00.000Z');
    expect(regularSessionBounds('2006-10-27')?.open).toBe('2006-10-27T13:30:00.000Z');
    expect(regularSessionBounds('2006-10-30')?.open).toBe('2006-10-30T14:30:00.000Z');
  });

  it('classifies pre 04:00–09:30, regular 09:30–16:00, post 16:00–20:00 New York time', () => {
    const cases = [
      ['2024-07-11T07:59:00Z', 'closed'],
      ['2024-07-11T08:00:00Z', 'pre'],
      ['2024-07-11T13:29:00Z', 'pre'],
      ['2024-07-11T13:30:00Z', 'regular'],
      ['2024-07-11T19:59:00Z', 'regular'],
      ['2024-07-11T20:00:00Z', 'post'],
      ['2024-07-11T23:59:00Z', 'post'],
      ['2024-07-12T00:00:00Z', 'closed'],
    ] as const;
    for (const [at, session] of cases) {
      expect(sessionOf(at), at).toEqual({ sessionDate: '2024-07-11', session });
    }
  });

  it('ends the regular session at 13:00 on early-close days', () => {
    expect(sessionOf('2024-12-24T17:59:00Z').session).toBe('regular');
    expect(sessionOf('2024-12-24T18:00:00Z').session).toBe('post');
  });

  it('gives the New York date as the session date, not the UTC date', () => {
    expect(sessionOf('2024-01-03T00:30:00.123456789Z')).toEqual({
      sessionDate: '2024-01-02',
      session: 'post',
    });
  });

  it('calls everything on weekends and holidays closed', () => {
    for (const sessionDate of ['2024-07-04', '2024-07-06']) {
      expect(sessionOf(`${sessionDate}T15:00:00Z`)).toEqual({ sessionDate, session: 'closed' });
    }
  });
});
