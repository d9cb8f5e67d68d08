import type { Issue } from './result.js';

/**
 * ISO-8601 UTC instant as Alpaca sends it: `2024-07-11T19:49:00Z`, optional 1–9 fractional digits,
 * `Z` only (no offsets). The same pattern is published in the JSON Schema; day-in-month validity
 * (no Feb 30) is checked in code because a regex for it would be unreadable.
 */
export const TIMESTAMP_PATTERN =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z$';
export const DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
/** Ticker-like: letters, digits and `. / - _`, 1–32 characters (Kafka key and index id material). */
export const SYMBOL_PATTERN = '^[A-Za-z0-9][A-Za-z0-9./_-]{0,31}$';

const TIMESTAMP_RE = new RegExp(TIMESTAMP_PATTERN);
const DATE_RE = new RegExp(DATE_PATTERN);
const SYMBOL_RE = new RegExp(SYMBOL_PATTERN);

function digits(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Checks a `YYYY-MM-DD` prefix (already pattern-matched) names a real day. */
function realDay(s: string): boolean {
  return digits(s, 8, 2) <= daysInMonth(digits(s, 0, 4), digits(s, 5, 2));
}

// Consecutive messages of a feed mostly share a timestamp (one bar per symbol per minute).
let lastTimestamp = '';

export function isTimestamp(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  if (v === lastTimestamp) return true;
  if (v.length <= 30 && TIMESTAMP_RE.test(v) && realDay(v)) {
    lastTimestamp = v;
    return true;
  }
  return false;
}

export function isDate(v: unknown): v is string {
  return typeof v === 'string' && v.length === 10 && DATE_RE.test(v) && realDay(v);
}

export function isSymbol(v: unknown): v is string {
  return typeof v === 'string' && SYMBOL_RE.test(v);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v;
}

/** Pushes an issue unless `v` is a finite number `>= min` (or `> min` when `exclusive`). */
export function checkNumber(
  issues: Issue[],
  path: string,
  v: unknown,
  min: number,
  exclusive: boolean,
  integer = false,
): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.push({ path, reason: `expected a finite number, got ${typeName(v)}` });
  } else if (exclusive ? !(v > min) : !(v >= min)) {
    issues.push({ path, reason: `must be ${exclusive ? '>' : '>='} ${min}, got ${v}` });
  } else if (integer && !Number.isSafeInteger(v)) {
    issues.push({ path, reason: `must be an integer, got ${v}` });
  }
}

export function checkNullableNumber(
  issues: Issue[],
  path: string,
  v: unknown,
  min: number | null,
  exclusive = false,
  max: number | null = null,
): void {
  if (v === null) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.push({ path, reason: `expected a finite number or null, got ${typeName(v)}` });
  } else if (min !== null && (exclusive ? !(v > min) : !(v >= min))) {
    issues.push({ path, reason: `must be ${exclusive ? '>' : '>='} ${min}, got ${v}` });
  } else if (max !== null && v > max) {
    issues.push({ path, reason: `must be <= ${max}, got ${v}` });
  }
}

export function checkString(issues: Issue[], path: string, v: unknown, maxLength = 1024): void {
  if (typeof v !== 'string') issues.push({ path, reason: `expected a string, got ${typeName(v)}` });
  else if (v.length > maxLength)
    issues.push({ path, reason: `longer than ${maxLength} characters` });
}

export function checkTimestamp(issues: Issue[], path: string, v: unknown): void {
  if (!isTimestamp(v))
    issues.push({
      path,
      reason: `expected an ISO-8601 UTC timestamp like 2024-07-11T19:49:00Z, got ${describe(v)}`,
    });
}

export function checkDate(issues: Issue[], path: string, v: unknown): void {
  if (!isDate(v)) issues.push({ path, reason: `expected a date YYYY-MM-DD, got ${describe(v)}` });
}

export function checkSymbol(issues: Issue[], path: string, v: unknown): void {
  if (!isSymbol(v))
    issues.push({
      path,
      reason: `expected a symbol matching ${SYMBOL_PATTERN}, got ${describe(v)}`,
    });
}

export function checkStringArray(issues: Issue[], path: string, v: unknown): void {
  if (!Array.isArray(v)) {
    issues.push({ path, reason: `expected an array of strings, got ${typeName(v)}` });
    return;
  }
  if (v.length > 64) issues.push({ path, reason: 'more than 64 entries' });
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string' || (v[i] as string).length > 64)
      issues.push({
        path: `${path}.${i}`,
        reason: `expected a string of at most 64 characters, got ${typeName(v[i])}`,
      });
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return typeName(v);
}
