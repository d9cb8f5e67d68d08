import { describe, expect, it } from 'vitest';
import { marketData } from '@alpacahq/alpaca-trade-api';
import { corporateActionKey, corporateActionsFromAlpaca } from '@marketfeed/schema';
import { alpacaCorporateActionsJson as restJson } from '@marketfeed/schema/testing';
import {
  CorporateActionsSchedule,
  corporateActionsFromSdk,
  corporateActionsWindow,
  newYorkDate,
  type SdkCorporateActions,
} from './corporate-actions.js';

describe('corporateActionsFromSdk', () => {
  it('gives, from what the SDK parses, the same actions the schema reads from the REST JSON', () => {
    // The SDK's own parser: camelCase, dates as Date objects.
    const sdk: SdkCorporateActions =
      marketData.CorporateActionsRespFromJSON(restJson).corporateActions;
    const { actions, issues } = corporateActionsFromSdk(sdk);
    expect(issues).toEqual([]);
    const fromRest = corporateActionsFromAlpaca(restJson);
    expect(fromRest.ok && fromRest.value).toEqual(actions);
    // What the flattening should give is pinned by the schema's own test of the same JSON.
    expect(actions.map(corporateActionKey)).toEqual([
      'NVDA:forward_split:2024-06-10',
      'GE:reverse_split:2021-08-02',
      'NVDA:cash_dividend:2024-06-11',
    ]);
  });

  it('treats a missing date as absent (the SDK makes it an Invalid Date)', () => {
    const { actions } = corporateActionsFromSdk({
      forwardSplits: [
        {
          symbol: 'A',
          newRate: 2,
          oldRate: 1,
          exDate: new Date('2024-01-02'),
          processDate: new Date(undefined as unknown as string),
        },
      ],
    });
    expect(actions).toEqual([
      { type: 'forward_split', symbol: 'A', new_rate: 2, old_rate: 1, ex_date: '2024-01-02' },
    ]);
  });

  it('keeps the valid entries and reports the invalid ones by path', () => {
    const { actions, issues } = corporateActionsFromSdk({
      forwardSplits: [
        { symbol: 'A', newRate: 0, oldRate: 1, exDate: new Date('2024-01-02') },
        { symbol: 'B', newRate: 3, oldRate: 1, exDate: new Date('2024-01-02') },
      ],
      cashDividends: [{ symbol: 'C', rate: 1, exDate: new Date('nope') }],
    });
    expect(actions.map((a) => a.symbol)).toEqual(['B']);
    expect(issues.map((i) => i.path)).toEqual([
      'forwardSplits.0.new_rate',
      'cashDividends.0.ex_date',
    ]);
  });
});

const at = (iso: string) => Date.parse(iso);
const split = (symbol: string, ex_date: string, new_rate = 2) => ({
  type: 'forward_split' as const,
  symbol,
  new_rate,
  old_rate: 1,
  ex_date,
});

describe('corporate-actions window and schedule', () => {
  it('dates by New York, a week back to the lookahead', () => {
    // 03:30 UTC on Nov 26 is still Nov 25 in New York (EST).
    expect(newYorkDate(at('2026-11-26T03:30:00Z'))).toBe('2026-11-25');
    expect(newYorkDate(at('2026-11-26T05:00:00Z'))).toBe('2026-11-26');
    // EDT in summer.
    expect(newYorkDate(at('2026-07-01T03:59:00Z'))).toBe('2026-06-30');
    expect(corporateActionsWindow(at('2026-11-25T15:00:00Z'), 7)).toEqual({
      today: '2026-11-25',
      start: '2026-11-18',
      end: '2026-12-02',
    });
  });

  it('fetches once per New York date, and retries a failed cycle later', () => {
    const s = new CorporateActionsSchedule(7, 300_000);
    const t0 = at('2026-11-25T15:00:00Z');
    expect(s.due(t0)).toBe(true);
    s.finished(t0, false);
    expect(s.due(t0 + 60_000)).toBe(false);
    expect(s.due(t0 + 300_000)).toBe(true);
    s.finished(t0 + 300_000, true);
    expect(s.due(t0 + 3_600_000)).toBe(false);
    // 23:59 New York (04:59 UTC next day): same date; 00:00 New York: due again, before pre-market.
    expect(s.due(at('2026-11-26T04:59:00Z'))).toBe(false);
    expect(s.due(at('2026-11-26T05:00:00Z'))).toBe(true);
  });

  it('publishes each action once, again only when it changed, and forgets old ones', () => {
    const s = new CorporateActionsSchedule(7, 300_000);
    const day1 = at('2026-11-25T15:00:00Z');
    const first = s.fresh([
      split('B', '2026-11-27'),
      split('A', '2026-11-26'),
      split('A', '2026-11-26'),
    ]);
    expect(first.map(corporateActionKey)).toEqual([
      'A:forward_split:2026-11-26',
      'B:forward_split:2026-11-27',
    ]);
    for (const a of first) s.markPublished(a);
    s.finished(day1, true);

    // Next day, same answer plus a new action and an amended one: only those two.
    const again = s.fresh([
      split('A', '2026-11-26'),
      split('B', '2026-11-27', 3),
      split('C', '2026-12-01'),
    ]);
    expect(
      again.map((a) => `${corporateActionKey(a)}/${(a as { new_rate: number }).new_rate}`),
    ).toEqual(['B:forward_split:2026-11-27/3', 'C:forward_split:2026-12-01/2']);
    // Not marked published (e.g. the buffer was full): offered again next time.
    expect(s.fresh([split('C', '2026-12-01')])).toHaveLength(1);

    // Ten days later A and B left the window: forgotten.
    expect(s.size).toBe(2);
    s.finished(at('2026-12-05T15:00:00Z'), true);
    expect(s.size).toBe(0);
  });
});
