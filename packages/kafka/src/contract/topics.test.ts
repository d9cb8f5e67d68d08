import { describe, expect, it } from 'vitest';
import { catalogTopics, topicCatalog } from './topics.js';

describe('topicCatalog', () => {
  it('derives every name from the prefix', () => {
    const names = catalogTopics(topicCatalog('acme')).map((t) => t.name);
    expect(names).toEqual([
      'acme.raw',
      'acme.enriched',
      'acme.latest',
      'acme.corporate-actions',
      'acme.enricher-state',
      'acme.dlq',
    ]);
  });

  it('co-partitions raw, enriched, latest and the state changelog', () => {
    const c = topicCatalog('m', 12);
    expect(
      new Set([c.raw, c.enriched, c.latest, c.enricherState].map((t) => t.numPartitions)),
    ).toEqual(new Set([12]));
  });

  it('compacts the snapshot, corporate-action and state topics only', () => {
    const c = topicCatalog();
    const compacted = catalogTopics(c)
      .filter((t) => t.configEntries['cleanup.policy'] === 'compact')
      .map((t) => t.name);
    expect(compacted).toEqual([
      'marketfeed.latest',
      'marketfeed.corporate-actions',
      'marketfeed.enricher-state',
    ]);
  });
});
