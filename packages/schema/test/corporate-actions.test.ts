import { describe, expect, it } from 'vitest';
import {
  corporateActionKey,
  corporateActionsFromAlpaca,
  readAlpacaCorporateActions,
  validateCorporateAction,
} from '../src/index.js';
import { alpacaCorporateActionsJson } from '../testing/index.js';

const alpaca = alpacaCorporateActionsJson;

describe('corporate actions', () => {
  it('flattens Alpaca REST corporate_actions into one action per record, dropping nulls and unknown fields', () => {
    const r = corporateActionsFromAlpaca(alpaca);
    expect(r).toEqual({
      ok: true,
      value: [
        {
          type: 'forward_split',
          symbol: 'NVDA',
          new_rate: 10,
          old_rate: 1,
          ex_date: '2024-06-10',
          process_date: '2024-06-10',
          record_date: '2024-06-06',
          payable_date: '2024-06-07',
          id: 'a1',
        },
        {
          type: 'reverse_split',
          symbol: 'GE',
          new_rate: 1,
          old_rate: 8,
          ex_date: '2021-08-02',
          process_date: '2021-08-02',
        },
        {
          type: 'cash_dividend',
          symbol: 'NVDA',
          rate: 0.01,
          special: false,
          foreign: false,
          ex_date: '2024-06-11',
          process_date: '2024-06-28',
          record_date: '2024-06-11',
          payable_date: '2024-06-28',
        },
      ],
    });
    if (r.ok)
      for (const a of r.value) expect(validateCorporateAction(a)).toEqual({ ok: true, value: a });
  });

  it('reports each bad entry with its path and keeps the good ones in the lenient reader', () => {
    const bad = {
      corporate_actions: {
        forward_splits: [
          { symbol: 'A', new_rate: 0, old_rate: 1, ex_date: '2024-13-01' },
          alpaca.corporate_actions.forward_splits[0],
        ],
      },
    };
    const r = readAlpacaCorporateActions(bad);
    expect(r.actions).toHaveLength(1);
    expect(r.issues.map((i) => i.path)).toEqual([
      'corporate_actions.forward_splits.0.ex_date',
      'corporate_actions.forward_splits.0.new_rate',
    ]);
    expect(corporateActionsFromAlpaca(bad).ok).toBe(false);
    expect(corporateActionsFromAlpaca('nope').ok).toBe(false);
  });

  it('keys a split and a dividend of one symbol differently so compaction keeps both', () => {
    const r = corporateActionsFromAlpaca(alpaca);
    const keys = r.ok ? r.value.map(corporateActionKey) : [];
    expect(keys).toEqual([
      'NVDA:forward_split:2024-06-10',
      'GE:reverse_split:2021-08-02',
      'NVDA:cash_dividend:2024-06-11',
    ]);
  });

  it('rejects unknown action types', () => {
    expect(
      validateCorporateAction({ type: 'merger', symbol: 'A', ex_date: '2024-01-02' }),
    ).toMatchObject({ ok: false, issues: [{ path: 'type' }] });
  });
});
