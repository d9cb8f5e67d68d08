import { describe, expect, it } from 'vitest';
import { DEFAULT_ENRICH_CONFIG, type SymbolState } from '@marketfeed/indicators';
import { DLQ_HEADERS, corporateActionKey, validateEnrichedBar } from '@marketfeed/schema';
import { CorporateActionsTable } from './corporate-actions-table.js';
import { enrichRecords, SOURCE_TIMESTAMP_HEADER, type InputRecord } from './enrich-records.js';
import { generateRawFeed } from '../test/raw-feed-generator.js';

function input(records: Array<{ key: string | null; value: string | null }>): InputRecord[] {
  return records.map((r, i) => ({
    offset: String(i),
    key: r.key === null ? null : Buffer.from(r.key),
    value: r.value === null ? null : Buffer.from(r.value),
    timestamp: String(1_700_000_000_000 + i),
  }));
}

function context(actions = new CorporateActionsTable()) {
  return {
    topic: 'm.raw',
    partition: 3,
    states: new Map<string, SymbolState>(),
    actions,
    config: DEFAULT_ENRICH_CONFIG,
    now: () => '2024-01-01T00:00:00.000Z',
  };
}

const bar = (T: string, S: string, t: string, c: number) =>
  JSON.stringify({ T, S, o: c, h: c, l: c, c, v: 100, t, n: 1, vw: c });

describe('enrichRecords', () => {
  it('enriches minute bars, drops duplicates, re-emits updates as revisions', () => {
    const ctx = context();
    const out = enrichRecords(
      ctx,
      input([
        { key: 'AAPL', value: bar('b', 'AAPL', '2024-03-04T14:30:00Z', 100) },
        { key: 'AAPL', value: bar('b', 'AAPL', '2024-03-04T14:30:00Z', 100) },
        { key: 'AAPL', value: bar('u', 'AAPL', '2024-03-04T14:30:00Z', 101) },
        { key: 'AAPL', value: bar('b', 'AAPL', '2024-03-04T14:31:00Z', 102) },
      ]),
    );
    expect(out.counts).toMatchObject({ in: 4, enriched: 3, duplicates: 1, dlq: 0 });
    const bars = out.enriched.map((r) => JSON.parse(r.value) as { seq: number; revision: number });
    expect(bars.map((b) => [b.seq, b.revision])).toEqual([
      [1, 0],
      [2, 1],
      [3, 0],
    ]);
    expect(out.enriched.every((r) => validateEnrichedBar(JSON.parse(r.value)).ok)).toBe(true);
    expect(out.enriched[0]!.headers?.[SOURCE_TIMESTAMP_HEADER]).toBe('1700000000000');
    expect(JSON.parse(out.latest.get('AAPL')!.value)).toMatchObject({
      timestamp: '2024-03-04T14:31:00.000Z',
    });
    expect([...out.changed]).toEqual(['AAPL']);
  });

  it('keeps a newer bar in the snapshot when an older minute is revised', () => {
    const out = enrichRecords(
      context(),
      input([
        { key: 'X', value: bar('b', 'X', '2024-03-04T14:30:00Z', 10) },
        { key: 'X', value: bar('b', 'X', '2024-03-04T14:31:00Z', 11) },
        { key: 'X', value: bar('u', 'X', '2024-03-04T14:30:00Z', 12) },
      ]),
    );
    expect(out.counts.enriched).toBe(3);
    expect(JSON.parse(out.latest.get('X')!.value)).toMatchObject({
      timestamp: '2024-03-04T14:31:00.000Z',
    });
  });

  it('sends every kind of bad record to the DLQ with its source and reason, and goes on', () => {
    const out = enrichRecords(
      context(),
      input([
        { key: 'A', value: '{not json' },
        { key: 'A', value: null },
        { key: 'A', value: bar('b', 'A', '2024-03-04T14:30:00Z', -5) },
        { key: 'B', value: bar('b', 'A', '2024-03-04T14:30:00Z', 5) },
        { key: 'A', value: bar('b', 'A', '2024-03-04T14:31:00Z', 5) },
      ]),
    );
    expect(out.counts).toMatchObject({ in: 5, dlq: 4, enriched: 1 });
    expect(out.dlq.map((d) => d.headers?.[DLQ_HEADERS.sourceOffset])).toEqual(['0', '1', '2', '3']);
    expect(out.dlq.map((d) => (JSON.parse(d.value) as { reason: string }).reason)).toEqual([
      'invalid-raw-event',
      'tombstone',
      'invalid-raw-event',
      'key-mismatch',
    ]);
    expect(out.dlq[0]!.headers).toMatchObject({
      [DLQ_HEADERS.sourceTopic]: 'm.raw',
      [DLQ_HEADERS.sourcePartition]: '3',
      [DLQ_HEADERS.stage]: 'enricher',
    });
  });

  it('counts statuses, trades and quotes as ignored, not rejected', () => {
    const status = JSON.stringify({
      T: 's',
      S: 'A',
      sc: 'H',
      sm: 'Halt',
      rc: 'T1',
      rm: 'News',
      t: '2024-03-04T14:30:00Z',
      z: 'C',
    });
    const out = enrichRecords(context(), input([{ key: 'A', value: status }]));
    expect(out.counts).toMatchObject({ in: 1, ignored: 1, dlq: 0, enriched: 0 });
    expect(out.changed.size).toBe(0);
  });

  it('gives identical output however the input is split into transactions', () => {
    const feed = generateRawFeed({
      seed: 7,
      symbols: 5,
      days: 3,
      minutesPerDay: 40,
      splitSymbols: [1],
    });
    const table = () => {
      const t = new CorporateActionsTable();
      for (const a of feed.actions) t.apply(corporateActionKey(a), JSON.stringify(a));
      return t;
    };
    const records = input(feed.records);
    const whole = enrichRecords(context(table()), records);
    const ctx = context(table());
    const pieces: string[] = [];
    for (let i = 0; i < records.length; i += 37)
      pieces.push(...enrichRecords(ctx, records.slice(i, i + 37)).enriched.map((r) => r.value));
    expect(whole.enriched.length).toBe(feed.expectedEnriched);
    expect(pieces).toEqual(whole.enriched.map((r) => r.value));
    const splitBars = whole.enriched
      .map((r) => JSON.parse(r.value) as { signals: string[]; symbol: string })
      .filter((b) => b.signals.includes('SPLIT'));
    expect(splitBars.map((b) => b.symbol)).toEqual(['S0001']);
  });
});
