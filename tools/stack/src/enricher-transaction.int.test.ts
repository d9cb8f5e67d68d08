import { serviceIds, topicNames } from '@marketfeed/kafka/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { collect, kafkaAs, randomPrefix, stackInfo } from '../test/int-test-kit.js';
import { plaintextConfig } from './kafka-client-config.js';
import { deletePrefixTopics, provisionPrefix } from './prefix-provisioning.js';

describe('enricher transactions', () => {
  const info = stackInfo();
  const prefix = randomPrefix();
  const topics = topicNames(prefix);
  const ids = serviceIds(prefix);
  const group = `${ids.enricherGroup}-tx`;

  beforeAll(async () => {
    await provisionPrefix(info, prefix);
    const producer = kafkaAs(info, 'ingestor').producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: topics.raw,
      acks: -1,
      messages: [{ key: 'NVDA', value: 'raw-bar', partition: 0 }],
    });
    await producer.disconnect();
  });
  afterAll(() => deletePrefixTopics(info, prefix));

  it('consumes raw, produces enriched and commits its input offset in one transaction', async () => {
    const enricher = kafkaAs(info, 'enricher');
    const consumer = enricher.consumer({ groupId: group });
    const producer = enricher.producer({
      transactionalId: `${ids.enricherTransactionalId}-0`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await Promise.all([consumer.connect(), producer.connect()]);
    await consumer.subscribe({ topic: topics.raw, fromBeginning: true });
    await new Promise<void>((resolveDone, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            try {
              const transaction = await producer.transaction();
              await transaction.send({
                topic: topics.enriched,
                messages: [{ key: message.key, value: `enriched:${message.value?.toString()}` }],
              });
              await transaction.sendOffsets({
                consumerGroupId: group,
                topics: [
                  {
                    topic,
                    partitions: [{ partition, offset: String(Number(message.offset) + 1) }],
                  },
                ],
              });
              await transaction.commit();
              resolveDone();
            } catch (error) {
              reject(error as Error);
            }
          },
        })
        .catch(reject);
    });
    await Promise.all([consumer.disconnect(), producer.disconnect()]);

    // Committed offsets and the output become visible together, and only because of the commit.
    const admin = new kafkajs.Kafka(plaintextConfig(info)).admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topics.raw] });
    await admin.disconnect();
    expect(offsets?.partitions.find((p) => p.partition === 0)?.offset).toBe('1');

    const reader = kafkaAs(info, 'sink').consumer({
      groupId: `${ids.sinkGroup}-${prefix}`,
      readUncommitted: false,
    });
    await reader.connect();
    await reader.subscribe({ topic: topics.enriched, fromBeginning: true });
    const [record] = await collect(reader, 1);
    await reader.disconnect();
    expect(record?.value?.toString()).toBe('enriched:raw-bar');
  });
});
