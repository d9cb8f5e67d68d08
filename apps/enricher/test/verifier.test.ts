import { describe, expect, it } from 'vitest';
import { DEFAULT_ENRICH_CONFIG, type SymbolState } from '@marketfeed/indicators';
import { CorporateActionsTable } from '../src/corporate-actions-table.js';
import { enrichRecords } from '../src/enrich-records.js';
import { generateRawFeed } from './raw-feed-generator.js';
import { verifyEnrichedFeed, type CommittedRecord } from './verifier.js';

function committed(): CommittedRecord[] {
  const feed = generateRawFeed({ seed: 3, symbols: 3, days: 1, minutesPerDay: 10 });
  const out = enrichRecords(
    {
      topic: 't',
      partition: 0,
      states: new Map<string, SymbolState>(),
      actions: new CorporateActionsTable(),
      config: DEFAULT_ENRICH_CONFIG,
      now: () => '',
    },
    feed.records.map((r, i) => ({
      offset: String(i),
      key: Buffer.from(r.key),
      value: Buffer.from(r.value),
      timestamp: '0',
    })),
  );
  return out.enriched.map((r, i) => ({
    partition: 0,
    offset: String(i),
    key: r.key,
    value: r.value,
    headers: {},
    timestamp: '0',
  }));
}

describe('verifyEnrichedFeed', () => {
  it('accepts a clean feed and matches it against itself as a baseline', () => {
    const records = committed();
    const first = verifyEnrichedFeed(records);
    expect(first.problems).toEqual([]);
    expect(verifyEnrichedFeed(records, first.byIdentity).problems).toEqual([]);
  });

  it('reports a duplicate, a seq gap and a value that differs from the baseline', () => {
    const records = committed();
    const baseline = verifyEnrichedFeed(records).byIdentity;
    const dup = [...records.slice(0, 4), records[3]!, ...records.slice(4)];
    expect(verifyEnrichedFeed(dup).problems.some((p) => p.startsWith('duplicate'))).toBe(true);
    const gap = [...records.slice(0, 3), ...records.slice(4)];
    expect(verifyEnrichedFeed(gap).problems.some((p) => p.includes('seq'))).toBe(true);
    const changed = records.map((r, i) =>
      i === 5
        ? { ...r, value: r.value!.replace('"indicator":"Neutral"', '"indicator":"Bullish"') }
        : r,
    );
    expect(
      verifyEnrichedFeed(changed, baseline).problems.some((p) => p.startsWith('different value')),
    ).toBe(true);
    expect(verifyEnrichedFeed(gap, baseline).problems.some((p) => p.startsWith('missing'))).toBe(
      true,
    );
  });
});
