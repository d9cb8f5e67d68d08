import { describe, expect, it } from 'vitest';
import {
  earlyClosesOf,
  holidaysOf,
  isEarlyClose,
  isTradingDay,
  nextTradingDay,
  previousTradingDay,
  regularSessionBounds,
} from '../src/index.js';

// NYSE's published holiday and early-close (1:00 p.m.) schedules.
const PUBLISHED_HOLIDAYS: Record<number, string[]> = {
  2022: [
    '2022-01-17',
    '2022-02-21',
    '2022-04-15',
    '2022-05-30',
    '2022-06-20',
    '2022-07-04',
    '2022-09-05',
    '2022-11-24',
    '2022-12-26',
  ],
  2023: [
    '2023-01-02',
    '2023-01-16',
    '2023-02-20',
    '2023-04-07',
    '2023-05-29',
    '2023-06-19',
    '2023-07-04',
    '2023-09-04',
    '2023-11-23',
    '2023-12-25',
  ],
  2024: [
    '2024-01-01',
    '2024-01-15',
    '2024-02-19',
    '2024-03-29',
    '2024-05-27',
    '2024-06-19',
    '2024-07-04',
    '2024-09-02',
    '2024-11-28',
    '2024-12-25',
  ],
  2025: [
    '2025-01-01',
    '2025-01-09',
    '2025-01-20',
    '2025-02-17',
    '2025-04-18',
    '2025-05-26',
    '2025-06-19',
    '2025-07-04',
    '2025-09-01',
    '2025-11-27',
    '2025-12-25',
  ],
  2026: [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-04-03',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-11-26',
    '2026-12-25',
  ],
};
const PUBLISHED_EARLY_CLOSES: Record<number, string[]> = {
  2022: ['2022-11-25'],
  2023: ['2023-07-03', '2023-11-24'],
  2024: ['2024-07-03', '2024-11-29', '2024-12-24'],
  2025: ['2025-07-03', '2025-11-28', '2025-12-24'],
  2026: ['2026-11-27', '2026-12-24'],
};

describe('NYSE calendar', () => {
  it.each(Object.keys(PUBLISHED_HOLIDAYS).map(Number))(
    'matches the published holidays of %i',
    (year) => {
      expect(holidaysOf(year).map((h) => h.date)).toEqual(PUBLISHED_HOLIDAYS[year]);
    },
  );

  it.each(Object.keys(PUBLISHED_EARLY_CLOSES).map(Number))(
    'matches the published early closes of %i',
    (year) => {
      expect(earlyClosesOf(year)).toEqual(PUBLISHED_EARLY_CLOSES[year]);
    },
  );

  it('counts every weekday of 2022–2026 as trading unless it is a published holiday', () => {
    const holidays = new Set(Object.values(PUBLISHED_HOLIDAYS).flat());
    for (let t = Date.UTC(2022, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const date = d.toISOString().slice(0, 10);
      const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
      expect(isTradingDay(date), date).toBe(!weekend && !holidays.has(date));
    }
  });

  it.each([
    [
      'does not observe a Saturday New Year on the Friday before',
      ['2021-12-31', '2010-12-31'],
      true,
    ],
    [
      'observes a Sunday holiday on the Monday after',
      ['2017-01-02', '2021-07-05', '2022-12-26'],
      false,
    ],
    [
      'observes a Saturday holiday other than New Year on the Friday before',
      ['2020-07-03', '2021-12-24', '2027-06-18'],
      false,
    ],
  ] as const)('%s', (_name, dates, trading) => {
    for (const d of dates) expect(isTradingDay(d), d).toBe(trading);
  });

  it('closes on Good Friday, computed from Easter', () => {
    for (const d of ['2000-04-21', '2008-03-21', '2019-04-19', '2038-04-23', '2100-03-26'])
      expect(isTradingDay(d), d).toBe(false);
  });

  it('closes on the one-off closures', () => {
    for (const d of [
      '2001-09-11',
      '2001-09-14',
      '2004-06-11',
      '2007-01-02',
      '2012-10-29',
      '2012-10-30',
      '2018-12-05',
      '2025-01-09',
    ]) {
      expect(isTradingDay(d), d).toBe(false);
    }
  });

  it('closes early on July 3, the day after Thanksgiving and Christmas Eve only when they are trading days', () => {
    expect(isEarlyClose('2019-07-03')).toBe(true);
    expect(isEarlyClose('2020-07-03')).toBe(false); // the observed Independence Day
    expect(isEarlyClose('2021-11-26')).toBe(true);
    expect(isEarlyClose('2022-12-23')).toBe(false); // Christmas Eve was a Saturday
    expect(isEarlyClose('2023-12-22')).toBe(false);
  });

  it('steps to the previous and next trading day across weekends and holidays', () => {
    expect(previousTradingDay('2024-07-05')).toBe('2024-07-03');
    expect(nextTradingDay('2024-07-03')).toBe('2024-07-05');
    expect(previousTradingDay('2024-01-02')).toBe('2023-12-29');
    expect(nextTradingDay('2025-01-08')).toBe('2025-01-10');
    expect(previousTradingDay('2024-04-01')).toBe('2024-03-28');
  });

  it('has no regular session on non-trading days and a 13:00 close on early-close days', () => {
    expect(regularSessionBounds('2024-12-25')).toBeNull();
    expect(regularSessionBounds('2024-07-06')).toBeNull();
    expect(regularSessionBounds('2024-12-24')).toEqual({
      open: '2024-12-24T14:30:00.000Z',
      close: '2024-12-24T18:00:00.000Z',
    });
    expect(regularSessionBounds('2024-07-03')).toEqual({
      open: '2024-07-03T13:30:00.000Z',
      close: '2024-07-03T17:00:00.000Z',
    });
  });

  it('rejects malformed dates as caller bugs', () => {
    expect(() => isTradingDay('2024-02-30')).toThrow(RangeError);
    expect(() => isTradingDay('20240101')).toThrow(RangeError);
  });
});
