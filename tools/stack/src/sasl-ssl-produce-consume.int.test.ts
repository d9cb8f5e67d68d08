import { serviceIds, topicNames } from '@marketfeed/kafka/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, kafkaAs, randomPrefix, stackInfo } from '../test/int-test-kit.js';
import { deletePrefixTopics, provisionPrefix } from './prefix-provisioning.js';

describe('SASL_SSL with SCRAM-SHA-512', () => {
  const info = stackInfo();
  const prefix = randomPrefix();
  const topics = topicNames(prefix);

  beforeAll(() => provisionPrefix(info, prefix));
  afterAll(() => deletePrefixTopics(info, prefix));

  it('lets the ingestor produce to raw and the enricher consume it, over TLS trusting only the stack CA', async () => {
    const producer = kafkaAs(info, 'ingestor').producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: topics.raw,
      acks: -1,
      messages: [{ key: 'AAPL', value: JSON.stringify({ T: 'b', S: 'AAPL', c: 189.5 }) }],
    });
    await producer.disconnect();

    const consumer = kafkaAs(info, 'enricher').consumer({
      groupId: `${serviceIds(prefix).enricherGroup}-${prefix}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.raw, fromBeginning: true });
    const [message] = await collect(consumer, 1);
    await consumer.disconnect();

    expect(message?.key?.toString()).toBe('AAPL');
    expect(JSON.parse(message?.value?.toString() ?? '{}')).toEqual({ T: 'b', S: 'AAPL', c: 189.5 });
  });
});
