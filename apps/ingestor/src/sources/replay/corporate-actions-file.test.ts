import { describe, expect, it } from 'vitest';
import { corporateActionRecordsFromFile } from './corporate-actions-file.js';

describe('corporateActionRecordsFromFile', () => {
  it('turns Alpaca REST corporate actions into records keyed symbol:type:ex_date, and bad entries into DLQ records', () => {
    const json = {
      corporate_actions: {
        forward_splits: [
          {
            id: 'a1',
            symbol: 'NVDA',
            new_rate: 10,
            old_rate: 1,
            ex_date: '2024-06-10',
            process_date: '2024-06-10',
            record_date: null,
            payable_date: null,
          },
          { symbol: 'BAD', new_rate: 0, old_rate: 1, ex_date: '2024-06-10' },
        ],
        cash_dividends: [
          { symbol: 'AAPL', rate: 0.25, ex_date: '2024-05-10', special: false, foreign: false },
        ],
      },
      next_page_token: null,
    };
    const records = corporateActionRecordsFromFile(JSON.stringify(json), 'f', 0);
    expect(records.filter((r) => r.role === 'corporateActions').map((r) => r.key)).toEqual([
      'NVDA:forward_split:2024-06-10',
      'AAPL:cash_dividend:2024-05-10',
    ]);
    const dlq = records.filter((r) => r.role === 'dlq');
    expect(dlq).toHaveLength(1);
    expect(dlq[0]?.key).toBe('BAD');
  });

  it('accepts a JSON array of actions in the flat shape', () => {
    const records = corporateActionRecordsFromFile(
      JSON.stringify([
        { type: 'reverse_split', symbol: 'X', new_rate: 1, old_rate: 10, ex_date: '2024-01-05' },
      ]),
      'f',
      0,
    );
    expect(records.map((r) => [r.role, r.key])).toEqual([
      ['corporateActions', 'X:reverse_split:2024-01-05'],
    ]);
  });

  it('refuses a file that is not JSON, naming the variable', () => {
    expect(() => corporateActionRecordsFromFile('nope', 'f', 0)).toThrow(
      /CORPORATE_ACTIONS_FILE is not JSON/,
    );
  });
});
