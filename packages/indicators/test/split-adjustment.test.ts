import type { CorporateAction } from '@marketfeed/schema';
import { describe, expect, it } from 'vitest';
import { bar, minutes, run } from './helpers.js';

const forward: CorporateAction = {
  type: 'forward_split',
  symbol: 'AMZN',
  new_rate: 4,
  old_rate: 1,
  ex_date: '2024-06-10',
};
const reverse: CorporateAction = {
  type: 'reverse_split',
  symbol: 'AMZN',
  new_rate: 1,
  old_rate: 10,
  ex_date: '2024-06-10',
};

describe('split adjustment', () => {
  // Each case: bars, the corporate actions in force, and what the bar at `at` compares with.
  it.each([
    {
      rule: 'divides prevClose by new_rate/old_rate for a forward split with prevCloseDate < ex-date <= D',
      bars: [bar('2024-06-07T19:59:00Z', 400), bar('2024-06-10T13:30:00Z', 101)],
      splits: [forward],
      at: 1,
      expected: {
        prevClose: 100,
        prevCloseDate: '2024-06-07',
        change: 1,
        changePct: 1,
        splitAdjusted: true,
      },
    },
    {
      rule: 'multiplies prevClose for a reverse split',
      bars: [bar('2024-06-07T19:59:00Z', 1), bar('2024-06-10T13:30:00Z', 10)],
      splits: [reverse],
      at: 1,
      expected: { prevClose: 10, changePct: 0, splitAdjusted: true, indicator: 'Neutral' },
    },
    {
      // Monday has no regular close, so Tuesday still compares with Friday's close.
      rule: 'keeps adjusting on later days while prevClose still predates the ex-date',
      bars: [
        bar('2024-06-07T19:59:00Z', 400),
        bar('2024-06-10T21:00:00Z', 100),
        bar('2024-06-11T13:30:00Z', 100),
      ],
      splits: [forward],
      at: 2,
      expected: { prevClose: 100, prevCloseDate: '2024-06-07', splitAdjusted: true },
    },
    {
      rule: 'does not adjust once prevClose is on or after the ex-date, nor for splits after D',
      bars: [bar('2024-06-10T19:59:00Z', 100), bar('2024-06-11T13:30:00Z', 100)],
      splits: [forward, { ...forward, ex_date: '2024-06-12' }],
      at: 1,
      expected: { prevClose: 100, splitAdjusted: false },
    },
    {
      rule: 'compounds two splits between prevCloseDate and D',
      bars: [bar('2024-06-06T19:59:00Z', 800), bar('2024-06-10T13:30:00Z', 100)],
      splits: [forward, { ...forward, new_rate: 2, ex_date: '2024-06-07' }],
      at: 1,
      expected: { prevClose: 100 },
    },
    {
      rule: 'ignores cash dividends',
      bars: [bar('2024-06-07T19:59:00Z', 100), bar('2024-06-10T13:30:00Z', 100)],
      splits: [
        { type: 'cash_dividend', symbol: 'AMZN', rate: 5, ex_date: '2024-06-10' },
      ] satisfies CorporateAction[],
      at: 1,
      expected: { prevClose: 100, splitAdjusted: false, signals: [] },
    },
  ])('$rule', ({ bars, splits, at, expected }) => {
    const { out } = run(bars, { splits });
    expect(out[at]).toMatchObject(expected);
  });

  it('puts the SPLIT signal on the first bar of the ex-date only, pre-market included', () => {
    const { out } = run(
      [
        bar('2024-06-07T19:59:00Z', 400),
        bar('2024-06-10T08:00:00Z', 100),
        bar('2024-06-10T13:30:00Z', 100),
      ],
      { splits: [forward] },
    );
    expect(out.map((b) => b.signals)).toEqual([[], ['SPLIT'], []]);
  });

  it('puts the SPLIT signal on the first bar after the ex-date when the symbol did not trade on it', () => {
    const { out } = run([bar('2024-06-07T19:59:00Z', 400), bar('2024-06-11T13:30:00Z', 100)], {
      splits: [forward],
    });
    expect(out[1]?.signals).toEqual(['SPLIT']);
  });

  it('does not signal splits that predate everything the state has seen', () => {
    const { out } = run([bar('2024-06-11T13:30:00Z', 100)], { splits: [forward] });
    expect(out[0]?.signals).toEqual([]);
  });

  it('rescales indicator memory on the ex-date so a split causes no false crossover or cliff', () => {
    const before = minutes('2024-06-07', 60).map((t) => bar(t, 400, { v: 100 }));
    const after = minutes('2024-06-10', 5).map((t) => bar(t, 100, { v: 400 }));
    const { out } = run([...before, ...after], { splits: [forward] });
    const last = out[out.length - 1]!;
    expect(last).toMatchObject({ smaFast: 100, smaSlow: 100, ema12: 100, ema26: 100, signals: [] });
    expect(out.slice(60).flatMap((b) => b.signals)).toEqual(['SPLIT']);
  });
});
