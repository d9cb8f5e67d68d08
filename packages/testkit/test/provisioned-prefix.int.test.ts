import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminKafka,
  collect,
  kafkaAs,
  provisionTestPrefix,
  type TestPrefix,
} from '../src/index.js';

describe('a provisioned test prefix', () => {
  let world: TestPrefix;
  beforeAll(async () => {
    world = await provisionTestPrefix({ label: 'kit', partitions: 2 });
  }, 60_000);
  afterAll(() => world.cleanup(), 60_000);

  it('has every catalog topic with the catalog partitions and configs', async () => {
    const admin = adminKafka().admin();
    await admin.connect();
    try {
      const specs = Object.values(world.catalog);
      const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: specs.map((s) => ({ type: kafkajs.ConfigResourceTypes.TOPIC, name: s.name })),
      });
      for (const spec of specs) {
        expect(topics.find((t) => t.name === spec.name)?.partitions).toHaveLength(
          spec.numPartitions,
        );
        const actual = resources.find((r) => r.resourceName === spec.name)?.configEntries ?? [];
        for (const [name, value] of Object.entries(spec.configEntries))
          expect(actual.find((e) => e.configName === name)?.configValue, name).toBe(value);
      }
    } finally {
      await admin.disconnect();
    }
  });

  it('lets the web user read latest in its own group but not write it', async () => {
    const kafka = kafkaAs('web');
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    await expect(
      producer.send({ topic: world.catalog.latest.name, messages: [{ value: 'x' }] }),
    ).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
    await producer.disconnect();
    const feeder = adminKafka().producer();
    await feeder.connect();
    await feeder.send({ topic: world.catalog.latest.name, messages: [{ key: 'A', value: 'y' }] });
    await feeder.disconnect();
    const consumer = kafka.consumer({ groupId: `${world.ids.webGroup}-it` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: world.catalog.latest.name, fromBeginning: true });
      const [message] = await collect(consumer, 1);
      expect(message?.value?.toString()).toBe('y');
    } finally {
      await consumer.disconnect();
    }
  });
});
