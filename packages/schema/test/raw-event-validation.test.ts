import { describe, expect, it } from 'vitest';
import { parseRawEvent, validateRawEvent } from '../src/index.js';

const bar = {
  T: 'b',
  S: 'AMZN',
  o: 190.1,
  h: 190.5,
  l: 189.9,
  c: 190.2,
  v: 1200,
  t: '2024-07-11T19:49:00Z',
  n: 37,
  vw: 190.21,
};
const trade = {
  T: 't',
  S: 'AAPL',
  i: 96921,
  x: 'D',
  p: 126.55,
  s: 1,
  c: ['@', 'I'],
  t: '2021-02-22T15:51:44.208597295Z',
  z: 'C',
};
const quote = {
  T: 'q',
  S: 'AMD',
  ax: 'Q',
  ap: 87.68,
  as: 4,
  bx: 'U',
  bp: 87.66,
  bs: 1,
  c: ['R'],
  t: '2021-02-22T15:51:45.335689322Z',
  z: 'C',
};
const status = {
  T: 's',
  S: 'AAPL',
  sc: 'H',
  sm: 'Trading Halt',
  rc: 'T12',
  rm: 'Trading Halted; For information requested by NASDAQ',
  t: '2021-02-22T15:51:44Z',
  z: 'C',
};

function paths(v: unknown): string[] {
  const r = validateRawEvent(v);
  return r.ok ? [] : r.issues.map((i) => i.path);
}

describe('raw event validation', () => {
  it('accepts Alpaca v2 bars, updated bars, daily bars, trades, quotes and statuses', () => {
    for (const e of [bar, { ...bar, T: 'u' }, { ...bar, T: 'd' }, trade, quote, status])
      expect(validateRawEvent(e)).toEqual({ ok: true, value: e });
  });

  it('keeps unknown extra fields', () => {
    const r = validateRawEvent({ ...bar, extra: 1 });
    expect(r.ok && (r.value as unknown as { extra: number }).extra).toBe(1);
  });

  it('rejects NaN, Infinity, negative prices and negative volumes with a path each', () => {
    expect(paths({ ...bar, o: NaN, h: Infinity, l: -1, v: -5, vw: -Infinity })).toEqual([
      'o',
      'h',
      'l',
      'v',
      'vw',
    ]);
  });

  it('rejects high below low', () => {
    expect(paths({ ...bar, h: 1, l: 2 })).toEqual(['h']);
  });

  it('rejects bad timestamps: offsets, impossible days, plain dates, numbers', () => {
    for (const t of [
      '2024-07-11T19:49:00+00:00',
      '2024-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-07-11',
      1720727340000,
      '2024-07-11T24:00:00Z',
    ]) {
      expect(paths({ ...bar, t })).toEqual(['t']);
    }
    expect(paths({ ...bar, t: '2024-02-29T00:00:00Z' })).toEqual([]);
  });

  it('rejects unknown event types, non-objects and missing fields, never throwing', () => {
    expect(paths({ ...bar, T: 'x' })).toEqual(['T']);
    expect(paths(null)).toEqual(['']);
    expect(paths([bar])).toEqual(['']);
    expect(paths({ T: 'b' })).toEqual(['S', 'o', 'h', 'l', 'c', 'v', 't', 'n', 'vw']);
    expect(paths({ ...trade, c: 'x' })).toEqual(['c']);
    expect(paths({ ...quote, c: [1] })).toEqual(['c.0']);
    expect(paths({ ...bar, n: 1.5 })).toEqual(['n']);
  });

  it('parses bytes and strings, and turns oversize, non-UTF-8 and non-JSON input into issues', () => {
    const text = JSON.stringify(bar);
    expect(parseRawEvent(text).ok).toBe(true);
    expect(parseRawEvent(new TextEncoder().encode(text)).ok).toBe(true);
    expect(parseRawEvent(Buffer.from(text)).ok).toBe(true);
    const big = parseRawEvent(text, 10);
    expect(big.ok === false && big.issues[0]?.reason).toMatch(/larger than 10 bytes/);
    expect(parseRawEvent(Buffer.from(text), 10).ok).toBe(false);
    const bad = parseRawEvent(new Uint8Array([0x7b, 0xff, 0x7d]));
    expect(bad.ok === false && bad.issues[0]?.reason).toMatch(/UTF-8/);
    const notJson = parseRawEvent('{"T":');
    expect(notJson.ok === false && notJson.issues[0]?.reason).toMatch(/not JSON/);
    expect(parseRawEvent('{"T":"b","o":1e999}').ok).toBe(false);
  });

  it('counts multi-byte characters when checking the size of a string payload', () => {
    expect(parseRawEvent(JSON.stringify({ ...status, sm: 'é'.repeat(20) }), 60).ok).toBe(false);
  });
});

describe('UTF-8 handling in parseRawEvent', () => {
  it('accepts a genuine U+FFFD in a string field and rejects a lone continuation byte', () => {
    const status = {
      T: 's',
      S: 'AAPL',
      sc: 'H',
      sm: 'halt \uFFFD',
      rc: 'T12',
      rm: '',
      t: '2021-02-22T15:51:44Z',
      z: 'C',
    };
    expect(parseRawEvent(new TextEncoder().encode(JSON.stringify(status))).ok).toBe(true);
    const bytes = new TextEncoder().encode(JSON.stringify(status).replace('\uFFFD', 'X'));
    bytes[bytes.indexOf(0x58)] = 0x80;
    expect(parseRawEvent(bytes)).toMatchObject({
      ok: false,
      issues: [{ reason: 'payload is not valid UTF-8' }],
    });
  });
});
