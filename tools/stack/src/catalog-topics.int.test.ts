import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaAs, stackInfo } from '../test/int-test-kit.js';
import { catalogTopics, topicCatalog } from '@marketfeed/kafka/contract';

describe('the feed topics of the running stack', () => {
  it('exist with the catalog partition counts and cleanup policies (admin metadata + describeConfigs as admin over SASL_SSL)', async () => {
    const admin = kafkaAs(stackInfo(), 'admin').admin();
    await admin.connect();
    try {
      const catalog = catalogTopics(topicCatalog('marketfeed'));
      const { topics } = await admin.fetchTopicMetadata({ topics: catalog.map((t) => t.name) });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: catalog.map((t) => ({ type: kafkajs.ConfigResourceTypes.TOPIC, name: t.name })),
      });
      const policy = (name: string) =>
        configs.resources
          .find((r) => r.resourceName === name)
          ?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue;

      const actual = topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.length,
        cleanup: policy(t.name),
      }));
      const expected = catalog.map((t) => ({
        name: t.name,
        partitions: t.numPartitions,
        cleanup: t.configEntries['cleanup.policy'] ?? 'delete',
      }));
      expect(actual.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
        expected.sort((a, b) => a.name.localeCompare(b.name)),
      );
    } finally {
      await admin.disconnect();
    }
  });
});
