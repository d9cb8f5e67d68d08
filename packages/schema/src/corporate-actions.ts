import {
  checkDate,
  checkNumber,
  checkString,
  checkSymbol,
  describe,
  isPlainObject,
  typeName,
} from './primitives.js';
import type { Issue, Result } from './result.js';

type ActionDates = {
  process_date?: string;
  record_date?: string;
  payable_date?: string;
  id?: string;
};
export type SplitAction = {
  type: 'forward_split' | 'reverse_split';
  symbol: string;
  new_rate: number;
  old_rate: number;
  ex_date: string;
} & ActionDates;
export type CashDividendAction = {
  type: 'cash_dividend';
  symbol: string;
  rate: number;
  ex_date: string;
  special?: boolean;
  foreign?: boolean;
} & ActionDates;
/** One corporate action per Kafka record on `<prefix>.corporate-actions` (compacted, key = `corporateActionKey`). */
export type CorporateAction = SplitAction | CashDividendAction;
export type CorporateActionType = CorporateAction['type'];

export const CORPORATE_ACTION_TYPES: readonly CorporateActionType[] = [
  'forward_split',
  'reverse_split',
  'cash_dividend',
];

export function isSplit(a: CorporateAction): a is SplitAction {
  return a.type === 'forward_split' || a.type === 'reverse_split';
}

/**
 * Compacted-topic key. Includes type and ex-date so two actions of one symbol (a split and a
 * dividend, or two splits years apart) never collapse into one record.
 */
export function corporateActionKey(a: CorporateAction): string {
  return `${a.symbol}:${a.type}:${a.ex_date}`;
}

const OPTIONAL_DATES = ['process_date', 'record_date', 'payable_date'] as const;

/**
 * Checks one action's fields and builds the normalised value (known fields only). `nullAsAbsent`
 * is for Alpaca's REST payloads, which send `null` for unknown dates.
 */
function readAction(
  o: unknown,
  type: CorporateActionType,
  prefix: string,
  issues: Issue[],
  nullAsAbsent: boolean,
): CorporateAction | null {
  if (!isPlainObject(o)) {
    issues.push({ path: prefix.slice(0, -1), reason: `expected an object, got ${typeName(o)}` });
    return null;
  }
  const before = issues.length;
  checkSymbol(issues, `${prefix}symbol`, o.symbol);
  checkDate(issues, `${prefix}ex_date`, o.ex_date);
  const out: Record<string, unknown> = { type, symbol: o.symbol };
  if (type === 'cash_dividend') {
    checkNumber(issues, `${prefix}rate`, o.rate, 0, false);
    out.rate = o.rate;
  } else {
    checkNumber(issues, `${prefix}new_rate`, o.new_rate, 0, true);
    checkNumber(issues, `${prefix}old_rate`, o.old_rate, 0, true);
    out.new_rate = o.new_rate;
    out.old_rate = o.old_rate;
  }
  out.ex_date = o.ex_date;
  if (type === 'cash_dividend') {
    for (const flag of ['special', 'foreign'] as const) {
      const v = o[flag];
      if (v === undefined || (nullAsAbsent && v === null)) continue;
      if (typeof v !== 'boolean')
        issues.push({ path: `${prefix}${flag}`, reason: `expected a boolean, got ${typeName(v)}` });
      else out[flag] = v;
    }
  }
  for (const d of OPTIONAL_DATES) {
    const v = o[d];
    if (v === undefined || (nullAsAbsent && v === null)) continue;
    checkDate(issues, `${prefix}${d}`, v);
    out[d] = v;
  }
  if (o.id !== undefined && !(nullAsAbsent && o.id === null)) {
    checkString(issues, `${prefix}id`, o.id, 128);
    out.id = o.id;
  }
  return issues.length === before ? (out as CorporateAction) : null;
}

/** Validates an action in this package's flat shape (as read back from the corporate-actions topic). */
export function validateCorporateAction(value: unknown): Result<CorporateAction> {
  if (!isPlainObject(value))
    return {
      ok: false,
      issues: [{ path: '', reason: `expected an object, got ${typeName(value)}` }],
    };
  const type = value.type;
  if (type !== 'forward_split' && type !== 'reverse_split' && type !== 'cash_dividend') {
    return {
      ok: false,
      issues: [
        {
          path: 'type',
          reason: `unknown corporate action type ${describe(type)}; expected one of ${CORPORATE_ACTION_TYPES.join(', ')}`,
        },
      ],
    };
  }
  const issues: Issue[] = [];
  const action = readAction(value, type, '', issues, false);
  return action ? { ok: true, value: action } : { ok: false, issues };
}

const ALPACA_LISTS: ReadonlyArray<[string, CorporateActionType]> = [
  ['forward_splits', 'forward_split'],
  ['reverse_splits', 'reverse_split'],
  ['cash_dividends', 'cash_dividend'],
];

/**
 * Alpaca REST `{corporate_actions:{forward_splits,reverse_splits,cash_dividends,...}}` -> the valid
 * actions plus an issue per rejected entry, for callers that want to keep the good ones and
 * dead-letter the rest. Other action kinds (spin-offs, mergers, stock dividends, ...) are not
 * modelled in v1 and are ignored.
 */
export function readAlpacaCorporateActions(json: unknown): {
  actions: CorporateAction[];
  issues: Issue[];
} {
  const issues: Issue[] = [];
  const actions: CorporateAction[] = [];
  if (!isPlainObject(json))
    return { actions, issues: [{ path: '', reason: `expected an object, got ${typeName(json)}` }] };
  const root = json.corporate_actions;
  if (!isPlainObject(root))
    return {
      actions,
      issues: [{ path: 'corporate_actions', reason: `expected an object, got ${typeName(root)}` }],
    };
  for (const [key, type] of ALPACA_LISTS) {
    const list = root[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      issues.push({
        path: `corporate_actions.${key}`,
        reason: `expected an array, got ${typeName(list)}`,
      });
      continue;
    }
    for (let i = 0; i < list.length; i++) {
      const a = readAction(list[i], type, `corporate_actions.${key}.${i}.`, issues, true);
      if (a) actions.push(a);
    }
  }
  return { actions, issues };
}

/** All-or-nothing form of `readAlpacaCorporateActions`. */
export function corporateActionsFromAlpaca(json: unknown): Result<CorporateAction[]> {
  const { actions, issues } = readAlpacaCorporateActions(json);
  return issues.length === 0 ? { ok: true, value: actions } : { ok: false, issues };
}
