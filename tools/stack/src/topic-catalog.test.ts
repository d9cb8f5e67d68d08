import { catalogTopics, topicCatalog } from '@marketfeed/kafka';
import { describe, expect, it } from 'vitest';
import { stackTopics } from './topic-catalog.js';

describe('stackTopics', () => {
  it('matches the canonical catalog of @marketfeed/kafka, names, partitions and configs', () => {
    for (const prefix of ['marketfeed', 't-1234']) {
      expect(stackTopics(prefix)).toEqual(catalogTopics(topicCatalog(prefix)));
    }
  });

  it('co-partitions raw, enriched, latest and enricher-state', () => {
    const partitions = Object.fromEntries(stackTopics('m').map((t) => [t.name, t.numPartitions]));
    expect(partitions).toEqual({
      'm.raw': 6,
      'm.enriched': 6,
      'm.latest': 6,
      'm.enricher-state': 6,
      'm.corporate-actions': 1,
      'm.dlq': 3,
    });
  });
});
