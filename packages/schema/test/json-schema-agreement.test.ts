import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  corporateActionSchema,
  dlqEnvelopeSchema,
  enrichedBarSchema,
  INDICATOR_FIELDS,
  rawEventSchema,
  validateCorporateAction,
  validateEnrichedBar,
  validateRawEvent,
  type Result,
} from '../src/index.js';

const docs = join(import.meta.dirname, '..', '..', '..', 'docs', 'schema');
const ajv = new Ajv2020({ strict: true, allErrors: true });
function published(name: string) {
  return ajv.compile(JSON.parse(readFileSync(join(docs, name), 'utf8')) as object);
}

const price = fc.double({ min: 0.0001, max: 1e7, noNaN: true, noDefaultInfinity: true });
const ts = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());
const day = ts.map((t) => t.slice(0, 10));
const sym = fc.constantFrom('AMZN', 'BRK.B', 'BTC/USD', 'A', 'spy');
const str = fc.string({ maxLength: 20 });

const rawBar = fc
  .record({
    T: fc.constantFrom('b', 'u', 'd'),
    S: sym,
    o: price,
    h: price,
    l: price,
    c: price,
    v: fc.nat(),
    t: ts,
    n: fc.nat(),
    vw: price,
  })
  .map((b) => ({ ...b, h: Math.max(b.h, b.l), l: Math.min(b.h, b.l) }));
const rawTrade = fc.record({
  T: fc.constant('t'),
  S: sym,
  i: fc.nat(),
  x: fc.string({ maxLength: 2 }),
  p: price,
  s: fc.nat(),
  c: fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }),
  t: ts,
  z: fc.constantFrom('A', 'B', 'C'),
});
const rawQuote = fc.record({
  T: fc.constant('q'),
  S: sym,
  ax: fc.string({ maxLength: 2 }),
  ap: price,
  as: fc.nat(),
  bx: fc.string({ maxLength: 2 }),
  bp: price,
  bs: fc.nat(),
  c: fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }),
  t: ts,
  z: fc.constantFrom('A', 'B', 'C'),
});
const rawStatus = fc.record({
  T: fc.constant('s'),
  S: sym,
  sc: str,
  sm: str,
  rc: str,
  rm: str,
  t: ts,
  z: fc.constantFrom('A', 'B', 'C'),
});
const action = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('forward_split', 'reverse_split'),
      symbol: sym,
      new_rate: price,
      old_rate: price,
      ex_date: day,
      record_date: day,
    },
    { requiredKeys: ['type', 'symbol', 'new_rate', 'old_rate', 'ex_date'] },
  ),
  fc.record(
    {
      type: fc.constant('cash_dividend'),
      symbol: sym,
      rate: price,
      ex_date: day,
      special: fc.boolean(),
      payable_date: day,
      id: str,
    },
    { requiredKeys: ['type', 'symbol', 'rate', 'ex_date'] },
  ),
);
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const indicatorValue = {
  price,
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  percent: fc.double({ min: 0, max: 100, noNaN: true }),
};
const enriched = fc
  .record({
    symbol: sym,
    timestamp: ts,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: fc.nat(),
    vwap: price,
    tradeCount: fc.nat(),
    revision: fc.nat(),
    seq: fc.integer({ min: 1 }),
    sessionDate: day,
    session: fc.constantFrom('pre', 'regular', 'post'),
    prev: nullable(
      fc.tuple(
        price,
        day,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
    ),
    indicator: fc.constantFrom('Bullish', 'Bearish', 'Neutral'),
    ...Object.fromEntries(
      Object.entries(INDICATOR_FIELDS).map(([name, f]) => [name, nullable(indicatorValue[f.kind])]),
    ),
    signals: fc.uniqueArray(
      fc.constantFrom('GOLDEN_CROSS', 'DEATH_CROSS', 'VOLUME_SPIKE', 'SPLIT'),
    ),
    splitAdjusted: fc.boolean(),
  })
  .map(({ prev, ...b }) => ({
    schema: 'marketfeed.enriched-bar.v1',
    ...b,
    high: Math.max(b.high, b.low),
    low: Math.min(b.high, b.low),
    prevClose: prev ? prev[0] : null,
    prevCloseDate: prev ? prev[1] : null,
    change: prev ? prev[2] : null,
    changePct: prev ? prev[3] : null,
  }));

/** Values a corrupted field may take: wrong types, edge numbers, near-miss strings. */
const weird = fc.constantFrom<unknown>(
  null,
  true,
  0,
  -0.5,
  -1,
  1.5,
  2 ** 60,
  101,
  '',
  'x',
  'AMZN',
  'b',
  'q',
  'SPLIT',
  'MOON',
  [],
  ['x'],
  [1],
  ['SPLIT', 'SPLIT'],
  {},
  '2024-07-11T19:49:00Z',
  '2024-07-11T19:49:00.123456789Z',
  '2024-07-11T19:49:00+00:00',
  '2024-02-29T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '2024-04-31T12:00:00Z',
  '2024-06-10',
  '2024-02-30',
  '2024-6-1',
  'marketfeed.enriched-bar.v1',
  'regular',
  'closed',
  'Bullish',
  'forward_split',
  'cash_dividend',
  'x'.repeat(70),
);

const anyNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1000, max: 1000 }),
  fc.integer({ min: -5, max: 200 }),
);

/** A valid value, then a few fields replaced, deleted or added; round-tripped through JSON like the wire does. */
function corrupted(valid: fc.Arbitrary<Record<string, unknown>>) {
  return fc
    .tuple(
      valid,
      fc.array(fc.tuple(fc.nat(), fc.oneof(weird, anyNumber, fc.constant(undefined))), {
        maxLength: 3,
      }),
    )
    .map(([v, edits]) => {
      const o: Record<string, unknown> = { ...v };
      const keys = [...Object.keys(v), 'extra'];
      for (const [k, value] of edits) {
        const key = keys[k % keys.length]!;
        if (value === undefined) delete o[key];
        else o[key] = value;
      }
      return JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
    });
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})/;
/** Rules enforced in code that JSON Schema cannot express. */
function codeOnlyRulesHold(o: Record<string, unknown>): boolean {
  for (const v of Object.values(o)) {
    const m = typeof v === 'string' ? DAY_PATTERN.exec(v) : null;
    if (
      m &&
      Number(m[2]) >= 1 &&
      Number(m[2]) <= 12 &&
      Number(m[3]) > new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate()
    )
      return false;
  }
  for (const [hi, lo] of [
    ['h', 'l'],
    ['high', 'low'],
  ] as const)
    if (typeof o[hi] === 'number' && typeof o[lo] === 'number' && o[hi] < o[lo]) return false;
  if ('prevClose' in o) {
    const nulls = ['prevClose', 'prevCloseDate', 'change', 'changePct'].filter(
      (k) => o[k] === null,
    ).length;
    if (nulls !== 0 && nulls !== 4) return false;
  }
  return true;
}

function agree(
  name: string,
  arb: fc.Arbitrary<Record<string, unknown>>,
  fast: (v: unknown) => Result<unknown>,
  schema: z.ZodType,
) {
  const jsonSchema = published(name);
  let accepted = 0;
  let rejected = 0;
  fc.assert(
    fc.property(fc.oneof(arb, corrupted(arb)), (v) => {
      const f = fast(v);
      if (f.ok) accepted++;
      else rejected++;
      expect(schema.safeParse(v).success, 'zod reference').toBe(f.ok);
      if (f.ok) expect(jsonSchema(v), JSON.stringify(jsonSchema.errors)).toBe(true);
      else if (codeOnlyRulesHold(v))
        expect(
          jsonSchema(v),
          `JSON Schema accepted what the validator rejected: ${JSON.stringify(f.issues)}`,
        ).toBe(false);
    }),
    { numRuns: 2000 },
  );
  // Both verdicts must actually be exercised.
  expect(accepted).toBeGreaterThan(100);
  expect(rejected).toBeGreaterThan(100);
}

describe('published JSON Schema, zod reference and fast validators agree', () => {
  it('on raw events', () =>
    agree(
      'raw-event.v1.schema.json',
      fc.oneof(rawBar, rawTrade, rawQuote, rawStatus),
      validateRawEvent,
      rawEventSchema,
    ));
  it('on enriched bars', () =>
    agree('enriched-bar.v1.schema.json', enriched, validateEnrichedBar, enrichedBarSchema));
  it('on corporate actions', () =>
    agree(
      'corporate-action.v1.schema.json',
      action,
      validateCorporateAction,
      corporateActionSchema,
    ));
  it('on DLQ envelopes built by dlqEnvelope', async () => {
    const { dlqEnvelope } = await import('../src/index.js');
    const validate = published('dlq-envelope.v1.schema.json');
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom('ingestor', 'enricher', 'opensearch-sink') as fc.Arbitrary<'ingestor'>,
        ts,
        (bytes, stage, at) => {
          const e = dlqEnvelope({
            stage,
            reason: 'r',
            issues: [{ path: 'o', reason: 'x' }],
            source: { topic: 't', partition: 1 },
            payload: bytes,
            at,
          });
          expect(validate(e)).toBe(true);
          expect(dlqEnvelopeSchema.safeParse(e).success).toBe(true);
        },
      ),
    );
  });
});
