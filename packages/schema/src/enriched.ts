import {
  checkDate,
  checkNullableNumber,
  checkNumber,
  checkSymbol,
  checkTimestamp,
  describe,
  isDate,
  isPlainObject,
  typeName,
} from './primitives.js';
import type { Issue, Result } from './result.js';
import type { z } from 'zod';
import { INDICATOR_FIELDS } from './indicator-fields.js';
import type { enrichedBarShape } from './zod-schemas.js';

export const ENRICHED_BAR_SCHEMA = 'marketfeed.enriched-bar.v1';
export type Session = 'pre' | 'regular' | 'post';
export type Indicator = 'Bullish' | 'Bearish' | 'Neutral';
export type Signal = 'GOLDEN_CROSS' | 'DEATH_CROSS' | 'VOLUME_SPIKE' | 'SPLIT';

export const SESSIONS: readonly Session[] = ['pre', 'regular', 'post'];
export const INDICATORS: readonly Indicator[] = ['Bullish', 'Bearish', 'Neutral'];
export const SIGNALS: readonly Signal[] = ['GOLDEN_CROSS', 'DEATH_CROSS', 'VOLUME_SPIKE', 'SPLIT'];

/** Decimal places of the published prevClose, change and changePct (the enricher rounds to them). */
export const PUBLISHED_DECIMALS = 6;

/**
 * What customers read from the enriched topic, derived from its zod definition (zod-schemas.ts),
 * whose indicator fields come from the indicator registry. Field names are the contract.
 */
export type EnrichedBarV1 = z.infer<z.ZodObject<typeof enrichedBarShape>>;

/** Every field of the enriched bar, in publication order (what the sink maps and stores). */
export const ENRICHED_BAR_FIELDS = [
  'schema',
  'symbol',
  'timestamp',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'vwap',
  'tradeCount',
  'revision',
  'seq',
  'sessionDate',
  'session',
  'prevClose',
  'prevCloseDate',
  'change',
  'changePct',
  'indicator',
  ...(Object.keys(INDICATOR_FIELDS) as IndicatorField[]),
  'signals',
  'splitAdjusted',
] as const satisfies readonly (keyof EnrichedBarV1)[];

export type IndicatorField = keyof typeof INDICATOR_FIELDS;
const INDICATOR_FIELD_LIST = Object.entries(INDICATOR_FIELDS);

function checkEnum<T extends string>(
  issues: Issue[],
  path: string,
  v: unknown,
  allowed: readonly T[],
): void {
  if (!allowed.includes(v as T))
    issues.push({ path, reason: `expected one of ${allowed.join(', ')}, got ${describe(v)}` });
}

/**
 * Validates an enriched bar (what the sink and customers receive). Checks the JSON Schema's rules
 * plus the cross-field ones JSON Schema cannot express: high >= low, and prevClose, prevCloseDate,
 * change and changePct are null together. Never throws; unknown extra fields are allowed.
 */
export function validateEnrichedBar(value: unknown): Result<EnrichedBarV1> {
  if (!isPlainObject(value))
    return {
      ok: false,
      issues: [{ path: '', reason: `expected an object, got ${typeName(value)}` }],
    };
  const o = value;
  const issues: Issue[] = [];
  if (o.schema !== ENRICHED_BAR_SCHEMA)
    issues.push({
      path: 'schema',
      reason: `expected ${JSON.stringify(ENRICHED_BAR_SCHEMA)}, got ${describe(o.schema)}`,
    });
  checkSymbol(issues, 'symbol', o.symbol);
  checkTimestamp(issues, 'timestamp', o.timestamp);
  checkNumber(issues, 'open', o.open, 0, true);
  checkNumber(issues, 'high', o.high, 0, true);
  checkNumber(issues, 'low', o.low, 0, true);
  checkNumber(issues, 'close', o.close, 0, true);
  checkNumber(issues, 'volume', o.volume, 0, false);
  checkNumber(issues, 'vwap', o.vwap, 0, false);
  checkNumber(issues, 'tradeCount', o.tradeCount, 0, false, true);
  checkNumber(issues, 'revision', o.revision, 0, false, true);
  checkNumber(issues, 'seq', o.seq, 1, false, true);
  checkDate(issues, 'sessionDate', o.sessionDate);
  checkEnum(issues, 'session', o.session, SESSIONS);
  checkNullableNumber(issues, 'prevClose', o.prevClose, 0, true);
  if (o.prevCloseDate !== null && !isDate(o.prevCloseDate))
    issues.push({
      path: 'prevCloseDate',
      reason: `expected a date YYYY-MM-DD or null, got ${describe(o.prevCloseDate)}`,
    });
  checkNullableNumber(issues, 'change', o.change, null);
  checkNullableNumber(issues, 'changePct', o.changePct, null);
  checkEnum(issues, 'indicator', o.indicator, INDICATORS);
  for (const [name, f] of INDICATOR_FIELD_LIST) {
    if (f.optional && o[name] === undefined) continue;
    if (f.kind === 'price') checkNullableNumber(issues, name, o[name], 0);
    else if (f.kind === 'percent') checkNullableNumber(issues, name, o[name], 0, false, 100);
    else checkNullableNumber(issues, name, o[name], null);
  }
  if (!Array.isArray(o.signals))
    issues.push({ path: 'signals', reason: `expected an array, got ${typeName(o.signals)}` });
  else {
    for (let i = 0; i < o.signals.length; i++)
      checkEnum(issues, `signals.${i}`, o.signals[i], SIGNALS);
    if (new Set(o.signals).size !== o.signals.length)
      issues.push({ path: 'signals', reason: 'signals must be unique' });
  }
  if (typeof o.splitAdjusted !== 'boolean')
    issues.push({
      path: 'splitAdjusted',
      reason: `expected a boolean, got ${typeName(o.splitAdjusted)}`,
    });
  if (issues.length === 0) {
    if ((o.high as number) < (o.low as number))
      issues.push({ path: 'high', reason: `high ${String(o.high)} is below low ${String(o.low)}` });
    const nulls = [o.prevClose, o.prevCloseDate, o.change, o.changePct].filter(
      (v) => v === null,
    ).length;
    if (nulls !== 0 && nulls !== 4)
      issues.push({
        path: 'prevClose',
        reason: 'prevClose, prevCloseDate, change and changePct must be all null or all set',
      });
  }
  return issues.length === 0 ? { ok: true, value: o as EnrichedBarV1 } : { ok: false, issues };
}
