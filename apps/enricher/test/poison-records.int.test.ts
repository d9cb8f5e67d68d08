import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '@marketfeed/schema';
import { useStackHarness } from './stack-suite.js';
import { generateRawFeed } from './raw-feed-generator.js';
import { verifyEnrichedFeed } from './verifier.js';

const POISON = [
  { key: 'S0000', value: '{"T":"b","S":"S0000"' },
  { key: 'S0001', value: '\u0000\u0001binary' },
  {
    key: 'S0002',
    value: JSON.stringify({
      T: 'b',
      S: 'S0002',
      o: 1,
      h: 1,
      l: 2,
      c: 1,
      v: 1,
      t: '2024-03-04T14:30:00Z',
      n: 1,
      vw: 1,
    }),
  },
  { key: 'S0003', value: JSON.stringify({ T: 'x', S: 'S0003' }) },
  {
    key: 'S0004',
    value: JSON.stringify({
      T: 'b',
      S: 'S0004',
      o: 1,
      h: 1,
      l: 1,
      c: 1,
      v: -1,
      t: 'yesterday',
      n: 1,
      vw: 1,
    }),
  },
  {
    key: 'S0001',
    value: JSON.stringify({
      T: 'b',
      S: 'S0000',
      o: 1,
      h: 1,
      l: 1,
      c: 1,
      v: 1,
      t: '2024-03-04T14:30:00Z',
      n: 1,
      vw: 1,
    }),
  },
];

describe('poison records mixed into the raw feed', () => {
  const h = useStackHarness(3);

  it('go to the DLQ exactly once each, with their source and reason, while everything else is enriched', async () => {
    const feed = generateRawFeed({ seed: 11, symbols: 6, days: 2, minutesPerDay: 30 });
    const mixed = [...feed.records];
    POISON.forEach((p, i) =>
      mixed.splice(Math.floor(((i + 1) * mixed.length) / (POISON.length + 1)), 0, p),
    );
    await h.produceRaw(mixed);
    const { enricher } = await h.startEnricher();
    await h.waitForCaughtUp(90_000);

    const dlq = await h.readCommitted(h.topics.dlq.name);
    expect(dlq).toHaveLength(POISON.length);
    expect(
      dlq.every(
        (r) =>
          r.headers[DLQ_HEADERS.stage] === 'enricher' &&
          r.headers[DLQ_HEADERS.sourceTopic] === h.topics.raw.name,
      ),
    ).toBe(true);
    expect(
      new Set(
        dlq.map(
          (r) => `${r.headers[DLQ_HEADERS.sourcePartition]}@${r.headers[DLQ_HEADERS.sourceOffset]}`,
        ),
      ).size,
    ).toBe(POISON.length);
    const reasons = dlq.map((r) => (JSON.parse(r.value!) as { reason: string }).reason).sort();
    expect(reasons).toEqual([
      'invalid-raw-event',
      'invalid-raw-event',
      'invalid-raw-event',
      'invalid-raw-event',
      'invalid-raw-event',
      'key-mismatch',
    ]);

    const enriched = await h.readCommitted(h.topics.enriched.name);
    const v = verifyEnrichedFeed(enriched);
    expect(v.problems).toEqual([]);
    expect(v.count).toBe(feed.expectedEnriched);
    expect((await enricher.metrics.dlq.get()).values[0]?.value).toBe(POISON.length);
  }, 180_000);
});
