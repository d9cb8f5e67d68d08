/**
 * NYSE trading calendar and America/New_York time, computed by rule (no tz database, no IO).
 * Rules are exact for 2000–2100 as the law stands; outside that range they are extrapolated.
 * Everything is cached per year / per day, because `sessionOf` runs once per bar.
 */
import type { Session } from '@marketfeed/schema';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Minutes after local midnight. */
const PRE_OPEN = 4 * 60;
const REGULAR_OPEN = 9 * 60 + 30;
const REGULAR_CLOSE = 16 * 60;
const EARLY_CLOSE = 13 * 60;
const POST_CLOSE = 20 * 60;

/** Closures decided one at a time (national days of mourning, 9/11, Hurricane Sandy). */
export const ONE_OFF_CLOSURES: readonly string[] = [
  '2001-09-11',
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11',
  '2007-01-02',
  '2012-10-29',
  '2012-10-30',
  '2018-12-05',
  '2025-01-09',
];

// ---- civil date arithmetic (Howard Hinnant's days_from_civil / civil_from_days) ----

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number as y × 10000 + m × 100 + d: one number, so the hot path allocates nothing. */
function civilFromDays(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 10000 + m * 100 + d;
}

function civilYear(day: number): number {
  return Math.floor(civilFromDays(day) / 10000);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatDay(day: number): string {
  const ymd = civilFromDays(day);
  const y = Math.floor(ymd / 10000);
  const md = ymd - y * 10000;
  return `${y}-${pad2(Math.floor(md / 100))}-${pad2(md % 100)}`;
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` -> days since 1970-01-01. Throws RangeError on a malformed date (a caller bug). */
export function parseDay(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const day = daysFromCivil(y, mo, d);
    if (mo >= 1 && mo <= 12 && d >= 1 && formatDay(day) === date) return day;
  }
  throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
}

/** n-th (1-based) `wd` weekday of a month, or the last one when n = -1. */
function nthWeekday(y: number, m: number, wd: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(y, m, 1);
    return first + ((wd - weekday(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = (m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1)) - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

function easterSunday(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(y, month, day);
}

/** Saturday holidays move to Friday, Sunday ones to Monday. */
function observed(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day - 1 : wd === 0 ? day + 1 : day;
}

type YearRules = { holidays: Map<number, string>; earlyCloses: Set<number> };
const yearCache = new Map<number, YearRules>();

function rulesFor(y: number): YearRules {
  let r = yearCache.get(y);
  if (r) return r;
  const holidays = new Map<number, string>();
  // New Year's Day: a Saturday Jan 1 is not observed on the Friday before (NYSE rule 7.2).
  const jan1 = daysFromCivil(y, 1, 1);
  if (weekday(jan1) !== 6) holidays.set(observed(jan1), "New Year's Day");
  holidays.set(nthWeekday(y, 1, 1, 3), 'Martin Luther King Jr. Day');
  holidays.set(nthWeekday(y, 2, 1, 3), "Washington's Birthday");
  holidays.set(easterSunday(y) - 2, 'Good Friday');
  holidays.set(nthWeekday(y, 5, 1, -1), 'Memorial Day');
  if (y >= 2022) holidays.set(observed(daysFromCivil(y, 6, 19)), 'Juneteenth');
  holidays.set(observed(daysFromCivil(y, 7, 4)), 'Independence Day');
  holidays.set(nthWeekday(y, 9, 1, 1), 'Labor Day');
  const thanksgiving = nthWeekday(y, 11, 4, 4);
  holidays.set(thanksgiving, 'Thanksgiving Day');
  holidays.set(observed(daysFromCivil(y, 12, 25)), 'Christmas Day');
  for (const c of ONE_OFF_CLOSURES)
    if (c.startsWith(`${y}-`)) holidays.set(parseDay(c), 'Special closure');
  r = { holidays, earlyCloses: new Set() };
  yearCache.set(y, r);
  for (const d of [daysFromCivil(y, 7, 3), thanksgiving + 1, daysFromCivil(y, 12, 24)]) {
    if (tradingDay(d)) r.earlyCloses.add(d);
  }
  return r;
}

function tradingDay(day: number): boolean {
  const wd = weekday(day);
  return wd !== 0 && wd !== 6 && !rulesFor(civilYear(day)).holidays.has(day);
}

export function isTradingDay(date: string): boolean {
  return tradingDay(parseDay(date));
}

export function isEarlyClose(date: string): boolean {
  const day = parseDay(date);
  return rulesFor(civilYear(day)).earlyCloses.has(day);
}

/** NYSE full-day closures of a year (holidays by rule plus one-off closures), sorted. */
export function holidaysOf(year: number): Array<{ date: string; name: string }> {
  return [...rulesFor(year).holidays]
    .filter(([d]) => civilYear(d) === year && weekday(d) !== 0 && weekday(d) !== 6)
    .sort((a, b) => a[0] - b[0])
    .map(([d, name]) => ({ date: formatDay(d), name }));
}

export function earlyClosesOf(year: number): string[] {
  return [...rulesFor(year).earlyCloses].sort((a, b) => a - b).map(formatDay);
}

export function previousTradingDay(date: string): string {
  let d = parseDay(date) - 1;
  while (!tradingDay(d)) d--;
  return formatDay(d);
}

export function nextTradingDay(date: string): string {
  let d = parseDay(date) + 1;
  while (!tradingDay(d)) d++;
  return formatDay(d);
}

// ---- America/New_York offset by rule ----

const dstCache = new Map<number, [number, number]>();

/** UTC instants DST starts and ends in year y (2:00 local standard / daylight time). */
function dstBounds(y: number): [number, number] {
  let b = dstCache.get(y);
  if (b) return b;
  // Energy Policy Act of 2005 from 2007: second Sunday of March to first Sunday of November;
  // 1987–2006: first Sunday of April to last Sunday of October.
  const start =
    y >= 2007
      ? nthWeekday(y, 3, 0, 2)
      : y >= 1987
        ? nthWeekday(y, 4, 0, 1)
        : nthWeekday(y, 4, 0, -1);
  const end = y >= 2007 ? nthWeekday(y, 11, 0, 1) : nthWeekday(y, 10, 0, -1);
  b = [start * DAY_MS + 7 * HOUR_MS, end * DAY_MS + 6 * HOUR_MS];
  dstCache.set(y, b);
  return b;
}

/** Offset of America/New_York from UTC at a UTC instant, in ms (-4h or -5h). */
export function newYorkOffsetMs(utcMs: number): number {
  const [start, end] = dstBounds(civilYear(Math.floor(utcMs / DAY_MS)));
  return utcMs >= start && utcMs < end ? -4 * HOUR_MS : -5 * HOUR_MS;
}

/** Local New York wall-clock time (as ms on a UTC axis) -> UTC instant; unambiguous for 04:00–20:00. */
function localToUtc(localMs: number): number {
  const asStandard = localMs + 5 * HOUR_MS;
  return newYorkOffsetMs(asStandard) === -4 * HOUR_MS ? localMs + 4 * HOUR_MS : asStandard;
}

// ---- sessions ----

/** What the hot path needs to know about one New York calendar day. */
export type DayInfo = { day: number; date: string; trading: boolean; closeMinute: number };
const dayCache = new Map<number, DayInfo>();

export function dayInfo(day: number): DayInfo {
  let info = dayCache.get(day);
  if (!info) {
    const trading = tradingDay(day);
    const early = trading && rulesFor(civilYear(day)).earlyCloses.has(day);
    info = { day, date: formatDay(day), trading, closeMinute: early ? EARLY_CLOSE : REGULAR_CLOSE };
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(day, info);
  }
  return info;
}

const TS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

function num(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Epoch ms of `YYYY-MM-DDTHH:mm:ssZ` / `YYYY-MM-DDTHH:mm:ss.sssZ`, or NaN when the shape or a field is off. */
function fastParse(ts: string): number {
  if (
    ts.charCodeAt(4) !== 45 ||
    ts.charCodeAt(7) !== 45 ||
    ts.charCodeAt(13) !== 58 ||
    ts.charCodeAt(16) !== 58
  )
    return NaN;
  const y = num(ts, 0, 4);
  const mo = num(ts, 5, 2);
  const d = num(ts, 8, 2);
  const h = num(ts, 11, 2);
  const mi = num(ts, 14, 2);
  const sec = num(ts, 17, 2);
  let ms = 0;
  if (ts.length === 24) {
    if (ts.charCodeAt(19) !== 46) return NaN;
    ms = num(ts, 20, 3);
  }
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 59)) return NaN;
  return daysFromCivil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * MINUTE_MS + sec * 1000 + ms;
}

/** ISO-8601 UTC timestamp -> epoch ms (sub-millisecond digits truncated). Throws RangeError if malformed. */
export function parseTimestampMs(ts: string): number {
  // Alpaca's `2024-07-11T19:49:00Z` and the canonical `.000Z` shape, without a regex.
  if (
    (ts.length === 20 || ts.length === 24) &&
    ts.charCodeAt(ts.length - 1) === 90 &&
    ts.charCodeAt(10) === 84
  ) {
    const ms = fastParse(ts);
    if (ms === ms) return ms;
  }
  const m = TS_RE.exec(ts);
  if (!m) throw new RangeError(`not an ISO-8601 UTC timestamp: ${JSON.stringify(ts)}`);
  const frac = m[7] ? Number(`0${m[7]}`.slice(0, 5)) * 1000 : 0;
  const day = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  return (
    day * DAY_MS +
    Number(m[4]) * HOUR_MS +
    Number(m[5]) * MINUTE_MS +
    Number(m[6]) * 1000 +
    Math.round(frac)
  );
}

/** Classification of one instant: its New York session date, and minutes after local midnight. */
export type Moment = { info: DayInfo; minute: number; session: Session | 'closed' };

export function momentOf(utcMs: number): Moment {
  const local = utcMs + newYorkOffsetMs(utcMs);
  const day = Math.floor(local / DAY_MS);
  const minute = Math.floor((local - day * DAY_MS) / MINUTE_MS);
  const info = dayInfo(day);
  let session: Session | 'closed' = 'closed';
  if (info.trading) {
    if (minute >= PRE_OPEN && minute < REGULAR_OPEN) session = 'pre';
    else if (minute >= REGULAR_OPEN && minute < info.closeMinute) session = 'regular';
    else if (minute >= info.closeMinute && minute < POST_CLOSE) session = 'post';
  }
  return { info, minute, session };
}

/**
 * Session date (the New York date of the instant) and session: pre 04:00–09:30, regular
 * 09:30–close (16:00, or 13:00 on early-close days), post close–20:00; anything else, and any
 * time on a non-trading day, is `closed`.
 */
export function sessionOf(timestampIso: string): {
  sessionDate: string;
  session: Session | 'closed';
} {
  const m = momentOf(parseTimestampMs(timestampIso));
  return { sessionDate: m.info.date, session: m.session };
}

/** Regular session of a date as ISO UTC instants, or null on a non-trading day. */
export function regularSessionBounds(date: string): { open: string; close: string } | null {
  const day = parseDay(date);
  const info = dayInfo(day);
  if (!info.trading) return null;
  const midnight = day * DAY_MS;
  return {
    open: new Date(localToUtc(midnight + REGULAR_OPEN * MINUTE_MS)).toISOString(),
    close: new Date(localToUtc(midnight + info.closeMinute * MINUTE_MS)).toISOString(),
  };
}

export const SESSION_MINUTES = {
  PRE_OPEN,
  REGULAR_OPEN,
  REGULAR_CLOSE,
  EARLY_CLOSE,
  POST_CLOSE,
} as const;
