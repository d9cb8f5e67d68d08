/**
 * The contract as zod schemas: the source of the published JSON Schema (docs/schema) and a
 * reference validator. The hot path uses the hand-written validators instead; tests hold the
 * two to the same verdicts on generated input.
 */
import { z } from 'zod';
import { CORPORATE_ACTION_TYPES } from './corporate-actions.js';
import { DLQ_SCHEMA, DLQ_STAGES } from './dlq.js';
import {
  ENRICHED_BAR_SCHEMA,
  INDICATORS,
  PUBLISHED_DECIMALS,
  SESSIONS,
  SIGNALS,
} from './enriched.js';
import { INDICATOR_FIELDS } from './indicator-fields.js';
import { DATE_PATTERN, SYMBOL_PATTERN, TIMESTAMP_PATTERN, daysInMonth } from './primitives.js';

function realDay(s: string): boolean {
  return Number(s.slice(8, 10)) <= daysInMonth(Number(s.slice(0, 4)), Number(s.slice(5, 7)));
}

const timestamp = z
  .string()
  .regex(new RegExp(TIMESTAMP_PATTERN))
  .refine(realDay, 'not a calendar day')
  .meta({
    description:
      'ISO-8601 UTC instant, e.g. 2024-07-11T19:49:00Z (1–9 fractional digits allowed, Z only). Must name a real calendar day.',
  });
const date = z
  .string()
  .regex(new RegExp(DATE_PATTERN))
  .refine(realDay, 'not a calendar day')
  .meta({ description: 'Calendar date YYYY-MM-DD (America/New_York for session dates).' });
const symbol = z
  .string()
  .regex(new RegExp(SYMBOL_PATTERN))
  .meta({ description: 'Ticker symbol, e.g. AMZN or BRK.B.' });
const price = z.number().gt(0);
const nonNegative = z.number().min(0);
const count = z.number().int().min(0);
const code = z.string().max(8);
const conditions = z.array(z.string().max(64)).max(64);

export const rawBarSchema = z
  .looseObject({
    T: z
      .enum(['b', 'u', 'd'])
      .meta({ description: 'b = minute bar, u = updated (corrected) minute bar, d = daily bar' }),
    S: symbol,
    o: price,
    h: price,
    l: price,
    c: price,
    v: nonNegative,
    t: timestamp.meta({ description: 'Bar start, ISO-8601 UTC.' }),
    n: count,
    vw: nonNegative,
  })
  .refine((b) => b.h >= b.l, { path: ['h'], message: 'high is below low' })
  .meta({
    title: 'Alpaca stream v2 bar',
    description: 'Also enforced, not expressible in JSON Schema: h >= l.',
  });

export const rawStatusSchema = z
  .looseObject({
    T: z.literal('s'),
    S: symbol,
    sc: z.string().max(64),
    sm: z.string().max(1024),
    rc: z.string().max(64),
    rm: z.string().max(1024),
    t: timestamp,
    z: code,
  })
  .meta({ title: 'Alpaca stream v2 trading status' });

export const rawTradeSchema = z
  .looseObject({
    T: z.literal('t'),
    S: symbol,
    i: count,
    x: code,
    p: price,
    s: nonNegative,
    c: conditions,
    t: timestamp,
    z: code,
  })
  .meta({ title: 'Alpaca stream v2 trade' });

export const rawQuoteSchema = z
  .looseObject({
    T: z.literal('q'),
    S: symbol,
    ax: code,
    ap: nonNegative,
    as: nonNegative,
    bx: code,
    bp: nonNegative,
    bs: nonNegative,
    c: conditions,
    t: timestamp,
    z: code,
  })
  .meta({ title: 'Alpaca stream v2 quote' });

export const rawEventSchema = z
  .discriminatedUnion('T', [rawBarSchema, rawStatusSchema, rawTradeSchema, rawQuoteSchema])
  .meta({
    title: 'marketfeed raw event',
    description:
      'One Alpaca market-data stream v2 message, as written to the raw topic (one per record, key = symbol).',
  });

const optionalDate = date.optional();
const actionCommon = {
  symbol,
  ex_date: date,
  process_date: optionalDate,
  record_date: optionalDate,
  payable_date: optionalDate,
  id: z.string().max(128).optional(),
};

export const splitActionSchema = z.looseObject({
  type: z.enum(['forward_split', 'reverse_split']),
  new_rate: price,
  old_rate: price,
  ...actionCommon,
});
export const cashDividendActionSchema = z.looseObject({
  type: z.literal('cash_dividend'),
  rate: nonNegative,
  special: z.boolean().optional(),
  foreign: z.boolean().optional(),
  ...actionCommon,
});
export const corporateActionSchema = z
  .discriminatedUnion('type', [splitActionSchema, cashDividendActionSchema])
  .meta({
    title: 'marketfeed corporate action',
    description: `One corporate action per record on the corporate-actions topic (compacted; key = symbol:type:ex_date). Types: ${CORPORATE_ACTION_TYPES.join(', ')}. Split ratio: new_rate shares for every old_rate shares.`,
  });

/** JSON Schema of each kind of indicator field (see indicator-fields.ts). */
const indicatorKinds = {
  price: () => nonNegative,
  number: () => z.number(),
  percent: () => z.number().min(0).max(100),
};
type Fields = typeof INDICATOR_FIELDS;
type IndicatorShape = {
  [K in keyof Fields]: Fields[K]['optional'] extends true
    ? z.ZodOptional<z.ZodNullable<z.ZodNumber>>
    : z.ZodNullable<z.ZodNumber>;
};
const indicatorShape = Object.fromEntries(
  Object.entries(INDICATOR_FIELDS).map(([name, f]) => {
    const field = indicatorKinds[f.kind]().nullable();
    return [name, (f.optional ? field.optional() : field).meta({ description: f.description })];
  }),
) as IndicatorShape;

/** The enriched bar's fields: the one definition its TypeScript type, validators and JSON Schema come from. */
export const enrichedBarShape = {
  schema: z.literal(ENRICHED_BAR_SCHEMA),
  symbol,
  timestamp: timestamp.meta({ description: 'Bar start, ISO-8601 UTC.' }),
  open: price,
  high: price,
  low: price,
  close: price,
  volume: nonNegative,
  vwap: nonNegative.meta({ description: "The bar's own volume-weighted average price." }),
  tradeCount: count,
  revision: count.meta({
    description: '0 for the first emission of this symbol+timestamp, +1 per correction.',
  }),
  seq: z.number().int().min(1).meta({
    description:
      'Per symbol: 1 for the first record, +1 for every record (revisions included). A gap means a missed record.',
  }),
  sessionDate: date,
  session: z.enum(SESSIONS),
  prevClose: price.nullable().meta({
    description: `Split-adjusted close of the previous trading day with a known close, rounded to ${PUBLISHED_DECIMALS} decimal places; null if unknown.`,
  }),
  prevCloseDate: date.nullable(),
  change: z
    .number()
    .nullable()
    .meta({
      description: `close − prevClose, rounded to ${PUBLISHED_DECIMALS} decimal places.`,
    }),
  changePct: z
    .number()
    .nullable()
    .meta({
      description: `change / prevClose × 100, rounded to ${PUBLISHED_DECIMALS} decimal places.`,
    }),
  indicator: z.enum(INDICATORS).meta({
    description:
      'Bullish if (close − prevClose) / prevClose × 100 >= the threshold (default 5), Bearish if <= −threshold, else Neutral; decided exactly on the published close and prevClose.',
  }),
  ...indicatorShape,
  signals: z
    .array(z.enum(SIGNALS))
    .refine((s) => new Set(s).size === s.length, 'signals must be unique')
    .meta({
      uniqueItems: true,
      description:
        'Events on this bar. New values may be added within v1: ignore the ones you do not know.',
    }),
  splitAdjusted: z.boolean(),
};

export const enrichedBarSchema = z
  .looseObject(enrichedBarShape)
  .refine((b) => b.high >= b.low, { path: ['high'], message: 'high is below low' })
  .refine(
    (b) =>
      [b.prevClose, b.prevCloseDate, b.change, b.changePct].filter((v) => v === null).length % 4 ===
      0,
    {
      path: ['prevClose'],
      message: 'prevClose, prevCloseDate, change and changePct must be all null or all set',
    },
  )
  .meta({
    title: 'marketfeed enriched bar v1',
    description:
      'One enriched 1-minute bar (value on the enriched and latest topics, key = symbol). Also enforced, not expressible in JSON Schema: high >= low; prevClose, prevCloseDate, change and changePct are all null or all set.',
  });

export const issueSchema = z.object({ path: z.string(), reason: z.string() });

export const dlqEnvelopeSchema = z
  .looseObject({
    schema: z.literal(DLQ_SCHEMA),
    stage: z.enum(DLQ_STAGES),
    reason: z.string(),
    issues: z.array(issueSchema),
    source: z.object({
      topic: z.string().nullable(),
      partition: z.number().int().min(0).nullable(),
      offset: z.string().nullable(),
      key: z.string().nullable(),
    }),
    payload: z.string().meta({
      description:
        'The rejected record value: UTF-8 text, or base64 when payloadEncoding is base64.',
    }),
    payloadEncoding: z.enum(['utf8', 'base64']),
    at: timestamp,
  })
  .meta({
    title: 'marketfeed DLQ envelope v1',
    description:
      'Value of a dead-lettered record: what was rejected, by which stage, why, and where it came from.',
  });
