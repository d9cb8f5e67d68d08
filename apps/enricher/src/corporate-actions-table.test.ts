import { describe, expect, it } from 'vitest';
import { corporateActionKey, type CorporateAction } from '@marketfeed/schema';
import { CorporateActionsTable } from './corporate-actions-table.js';

const split = (symbol: string, ex_date: string, new_rate = 2): CorporateAction => ({
  type: 'forward_split',
  symbol,
  new_rate,
  old_rate: 1,
  ex_date,
});

describe('CorporateActionsTable', () => {
  it('keeps each symbol splits sorted by ex-date and ignores dividends', () => {
    const t = new CorporateActionsTable();
    const later = split('AAPL', '2024-06-10');
    const earlier = split('AAPL', '2020-08-31', 4);
    const dividend: CorporateAction = {
      type: 'cash_dividend',
      symbol: 'AAPL',
      rate: 0.25,
      ex_date: '2024-05-10',
    };
    for (const a of [later, dividend, earlier])
      expect(t.apply(corporateActionKey(a), JSON.stringify(a)).ok).toBe(true);
    expect(t.splitsFor('AAPL').map((a) => a.ex_date)).toEqual(['2020-08-31', '2024-06-10']);
    expect(t.splitsFor('MSFT')).toEqual([]);
    expect(t.size).toBe(3);
  });

  it('forgets an action on a tombstone and reports new keys only once', () => {
    const t = new CorporateActionsTable();
    const a = split('TSLA', '2022-08-25', 3);
    const key = corporateActionKey(a);
    expect(t.apply(key, JSON.stringify(a))).toMatchObject({ ok: true, isNew: true });
    expect(t.apply(key, JSON.stringify(a))).toMatchObject({ ok: true, isNew: false });
    t.apply(key, null);
    expect(t.splitsFor('TSLA')).toEqual([]);
  });

  it('returns issues for an invalid action instead of throwing', () => {
    const t = new CorporateActionsTable();
    expect(t.apply('k', '{"type":"forward_split","symbol":"X"}').ok).toBe(false);
    expect(t.apply('k', 'not json').ok).toBe(false);
    expect(t.size).toBe(0);
  });
});
