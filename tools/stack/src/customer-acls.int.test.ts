import { DEMO_CUSTOMER, customerIdentity, topicNames } from '@marketfeed/kafka/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, kafkaAs, randomPrefix, stackInfo } from '../test/int-test-kit.js';
import { deletePrefixTopics, provisionPrefix } from './prefix-provisioning.js';

type KafkaError = Error & { type?: string };
const failure = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (e: unknown) => e as KafkaError,
  );

describe('customer-demo ACLs', () => {
  const info = stackInfo();
  const prefix = randomPrefix();
  const topics = topicNames(prefix);
  const customerGroup = `${customerIdentity(DEMO_CUSTOMER).groupPrefix}${prefix}`;

  beforeAll(async () => {
    await provisionPrefix(info, prefix);
    const producer = kafkaAs(info, 'enricher').producer();
    await producer.connect();
    await producer.send({
      topic: topics.enriched,
      messages: [{ key: 'MSFT', value: 'enriched-bar' }],
    });
    await producer.disconnect();
  });
  afterAll(() => deletePrefixTopics(info, prefix));

  it('reads the enriched topic in a customer-demo.* group', async () => {
    const consumer = kafkaAs(info, 'customer-demo').consumer({ groupId: customerGroup });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.enriched, fromBeginning: true });
    const [message] = await collect(consumer, 1);
    await consumer.disconnect();
    expect(message?.value?.toString()).toBe('enriched-bar');
  });

  it('is denied writing to the enriched topic', async () => {
    const producer = kafkaAs(info, 'customer-demo').producer();
    await producer.connect();
    const error = await failure(
      producer.send({ topic: topics.enriched, messages: [{ key: 'MSFT', value: 'forged' }] }),
    );
    await producer.disconnect();
    expect(error?.type).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('is denied reading the raw topic', async () => {
    const consumer = kafkaAs(info, 'customer-demo').consumer({ groupId: `${customerGroup}-raw` });
    await consumer.connect();
    const error = await failure(
      consumer
        .subscribe({ topic: topics.raw, fromBeginning: true })
        .then(() => collect(consumer, 1)),
    );
    await consumer.disconnect();
    expect(error?.type).toBe('TOPIC_AUTHORIZATION_FAILED');
  });
});
