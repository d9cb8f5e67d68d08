import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ENRICH_CONFIG,
  StateIncompatibleError,
  type SymbolState,
} from '@marketfeed/indicators';
import { CorporateActionsTable } from '../src/corporate-actions-table.js';
import { enrichRecords, type InputRecord } from '../src/enrich-records.js';

const bar = (t: string, c: number): InputRecord => ({
  offset: '0',
  key: Buffer.from('AAPL'),
  value: Buffer.from(
    JSON.stringify({ T: 'b', S: 'AAPL', o: c, h: c, l: c, c, v: 100, t, n: 1, vw: c }),
  ),
  timestamp: '1700000000000',
});

describe('state built with other indicator settings', () => {
  it('stops the enrichment with StateIncompatibleError instead of dead-lettering the bar', () => {
    const states = new Map<string, SymbolState>();
    const ctx = (smaFast: number) => ({
      topic: 'm.raw',
      partition: 0,
      states,
      actions: new CorporateActionsTable(),
      config: { ...DEFAULT_ENRICH_CONFIG, smaFast },
      now: () => '2024-01-01T00:00:00.000Z',
    });
    const first = enrichRecords(ctx(20), [bar('2024-03-04T14:30:00Z', 100)]);
    expect(first.enriched).toHaveLength(1);
    expect(() => enrichRecords(ctx(10), [bar('2024-03-04T14:31:00Z', 101)])).toThrow(
      StateIncompatibleError,
    );
  });
});
