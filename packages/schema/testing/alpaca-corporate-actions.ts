/**
 * Alpaca's corporate-actions REST JSON (`GET /v1/corporate-actions`) for tests: a forward split
 * and a cash dividend of one symbol, a reverse split with null dates, a spin-off (not a type the
 * feed carries) and fields the feed drops (`cusip`). The schema reads it, the ingestor's SDK
 * path must read the same actions from it.
 */
export const alpacaCorporateActionsJson = {
  corporate_actions: {
    forward_splits: [
      {
        id: 'a1',
        symbol: 'NVDA',
        cusip: '67066G104',
        new_rate: 10,
        old_rate: 1,
        process_date: '2024-06-10',
        ex_date: '2024-06-10',
        record_date: '2024-06-06',
        payable_date: '2024-06-07',
      },
    ],
    reverse_splits: [
      {
        symbol: 'GE',
        new_rate: 1,
        old_rate: 8,
        ex_date: '2021-08-02',
        process_date: '2021-08-02',
        record_date: null,
        payable_date: null,
      },
    ],
    cash_dividends: [
      {
        symbol: 'NVDA',
        rate: 0.01,
        special: false,
        foreign: false,
        ex_date: '2024-06-11',
        record_date: '2024-06-11',
        payable_date: '2024-06-28',
        process_date: '2024-06-28',
      },
    ],
    spin_offs: [{ source_symbol: 'X' }],
  },
  next_page_token: null,
};
