import {
  checkNumber,
  checkString,
  checkStringArray,
  checkSymbol,
  checkTimestamp,
  describe,
  isPlainObject,
  typeName,
} from './primitives.js';
import type { Issue, Result } from './result.js';

/** Alpaca stream v2 minute bar (`b`), updated bar (`u`, a late correction) or daily bar (`d`). */
export type RawBar = {
  T: 'b' | 'u' | 'd';
  S: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  t: string;
  n: number;
  vw: number;
};
/** Trading status (halt/resume). */
export type RawStatus = {
  T: 's';
  S: string;
  sc: string;
  sm: string;
  rc: string;
  rm: string;
  t: string;
  z: string;
};
export type RawTrade = {
  T: 't';
  S: string;
  i: number;
  x: string;
  p: number;
  s: number;
  c: string[];
  t: string;
  z: string;
};
export type RawQuote = {
  T: 'q';
  S: string;
  ax: string;
  ap: number;
  as: number;
  bx: string;
  bp: number;
  bs: number;
  c: string[];
  t: string;
  z: string;
};
export type RawEvent = RawBar | RawStatus | RawTrade | RawQuote;
export type RawEventType = RawEvent['T'];

export const RAW_EVENT_TYPES: readonly RawEventType[] = ['b', 'u', 'd', 's', 't', 'q'];

/** Largest raw event accepted by `parseRawEvent` unless the caller says otherwise (a bar is ~150 bytes). */
export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024;

function checkBar(o: Record<string, unknown>, issues: Issue[]): void {
  checkSymbol(issues, 'S', o.S);
  checkNumber(issues, 'o', o.o, 0, true);
  checkNumber(issues, 'h', o.h, 0, true);
  checkNumber(issues, 'l', o.l, 0, true);
  checkNumber(issues, 'c', o.c, 0, true);
  checkNumber(issues, 'v', o.v, 0, false);
  checkTimestamp(issues, 't', o.t);
  checkNumber(issues, 'n', o.n, 0, false, true);
  checkNumber(issues, 'vw', o.vw, 0, false);
  if (typeof o.h === 'number' && typeof o.l === 'number' && o.h < o.l) {
    issues.push({ path: 'h', reason: `high ${o.h} is below low ${o.l}` });
  }
}

function checkStatus(o: Record<string, unknown>, issues: Issue[]): void {
  checkSymbol(issues, 'S', o.S);
  checkString(issues, 'sc', o.sc, 64);
  checkString(issues, 'sm', o.sm);
  checkString(issues, 'rc', o.rc, 64);
  checkString(issues, 'rm', o.rm);
  checkTimestamp(issues, 't', o.t);
  checkString(issues, 'z', o.z, 8);
}

function checkTrade(o: Record<string, unknown>, issues: Issue[]): void {
  checkSymbol(issues, 'S', o.S);
  checkNumber(issues, 'i', o.i, 0, false, true);
  checkString(issues, 'x', o.x, 8);
  checkNumber(issues, 'p', o.p, 0, true);
  checkNumber(issues, 's', o.s, 0, false);
  checkStringArray(issues, 'c', o.c);
  checkTimestamp(issues, 't', o.t);
  checkString(issues, 'z', o.z, 8);
}

function checkQuote(o: Record<string, unknown>, issues: Issue[]): void {
  checkSymbol(issues, 'S', o.S);
  checkString(issues, 'ax', o.ax, 8);
  checkNumber(issues, 'ap', o.ap, 0, false);
  checkNumber(issues, 'as', o.as, 0, false);
  checkString(issues, 'bx', o.bx, 8);
  checkNumber(issues, 'bp', o.bp, 0, false);
  checkNumber(issues, 'bs', o.bs, 0, false);
  checkStringArray(issues, 'c', o.c);
  checkTimestamp(issues, 't', o.t);
  checkString(issues, 'z', o.z, 8);
}

/**
 * Validates one raw event. Unknown extra fields are kept (Alpaca adds fields over time); on success
 * the value returned is the input object itself, not a copy. Never throws.
 */
export function validateRawEvent(value: unknown): Result<RawEvent> {
  if (!isPlainObject(value))
    return {
      ok: false,
      issues: [{ path: '', reason: `expected an object, got ${typeName(value)}` }],
    };
  const issues: Issue[] = [];
  switch (value.T) {
    case 'b':
    case 'u':
    case 'd':
      checkBar(value, issues);
      break;
    case 's':
      checkStatus(value, issues);
      break;
    case 't':
      checkTrade(value, issues);
      break;
    case 'q':
      checkQuote(value, issues);
      break;
    default:
      issues.push({
        path: 'T',
        reason: `unknown event type ${describe(value.T)}; expected one of ${RAW_EVENT_TYPES.join(', ')}`,
      });
  }
  return issues.length === 0 ? { ok: true, value: value as RawEvent } : { ok: false, issues };
}

export function isRawBar(e: RawEvent): e is RawBar {
  return e.T === 'b' || e.T === 'u' || e.T === 'd';
}

// The lossy decoder is several times faster than the fatal one; only text containing U+FFFD
// (a replacement, or a genuine U+FFFD) is decoded again strictly to tell the two apart.
const lossyUtf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 byte length of a string, stopping early once it exceeds `limit`. */
function utf8Length(s: string, limit: number): number {
  let n = 0;
  for (let i = 0; i < s.length && n <= limit; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Decodes (strict UTF-8), `JSON.parse`s and validates one raw event — the ingestor's and
 * enricher's entry point for bytes off the wire. Oversize, non-UTF-8 and non-JSON input are
 * issues, never exceptions.
 */
export function parseRawEvent(
  bytes: Uint8Array | string,
  maxBytes: number = DEFAULT_MAX_EVENT_BYTES,
): Result<RawEvent> {
  let text: string;
  if (typeof bytes === 'string') {
    const size = bytes.length * 3 <= maxBytes ? 0 : utf8Length(bytes, maxBytes);
    if (size > maxBytes)
      return { ok: false, issues: [{ path: '', reason: `payload larger than ${maxBytes} bytes` }] };
    text = bytes;
  } else {
    if (bytes.byteLength > maxBytes)
      return {
        ok: false,
        issues: [
          {
            path: '',
            reason: `payload of ${bytes.byteLength} bytes is larger than ${maxBytes} bytes`,
          },
        ],
      };
    text = lossyUtf8.decode(bytes);
    if (text.includes('\uFFFD')) {
      try {
        strictUtf8.decode(bytes);
      } catch {
        return { ok: false, issues: [{ path: '', reason: 'payload is not valid UTF-8' }] };
      }
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      issues: [{ path: '', reason: `payload is not JSON: ${(e as Error).message}` }],
    };
  }
  return validateRawEvent(parsed);
}
