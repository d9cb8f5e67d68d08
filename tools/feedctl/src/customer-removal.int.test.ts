import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomer, listCustomers, removeCustomer, type CustomerDeps } from './customers.js';
import {
  barMessage,
  cleanup,
  customerKafkaConfig,
  enrichedBar,
  eventually,
  plaintextKafka,
  provisionTopics,
  randomCustomer,
  randomPrefix,
  stackTarget,
} from '../test/int-test-kit.js';

const prefix = randomPrefix();
const target = stackTarget(prefix);
const name = randomCustomer();
let admin: Admin;
let deps: CustomerDeps;

function chain(err: unknown): string[] {
  const out: string[] = [];
  for (
    let e = err as { type?: string; name?: string; originalError?: unknown } | undefined, d = 0;
    e && d < 5;
    d++
  ) {
    out.push(`${e.type ?? e.name ?? 'unknown'}: ${(e as Error).message}`);
    e = (e.originalError ?? (e as { cause?: unknown }).cause) as typeof e;
  }
  return out;
}

describe('removing a customer revokes its access at once', () => {
  beforeAll(async () => {
    admin = plaintextKafka(target).admin();
    await admin.connect();
    deps = { admin, prefix, scram: target.scram };
    await provisionTopics(admin, prefix);
  }, 60_000);

  afterAll(async () => {
    await cleanup(deps, prefix, [name]);
    await admin.disconnect();
  }, 60_000);

  it('refuses the open session from its next fetch and any new connection', async () => {
    const added = await addCustomer(deps, name, ['enriched']);
    expect((await listCustomers(deps)).find((c) => c.name === name)).toMatchObject({
      products: ['enriched'],
      groupAccess: true,
      credential: true,
      extraAcls: 0,
    });
    const producer = plaintextKafka(target).producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}.enriched`,
      messages: [barMessage(enrichedBar('REV', 1))],
    });

    const kafka = new kafkajs.Kafka(
      customerKafkaConfig(target, added.id.username, added.password as string),
    );
    // The credential reaches the SASL listener asynchronously: retry the first login briefly.
    await eventually(async () => {
      const probe = kafka.admin();
      try {
        await probe.connect();
        return true;
      } catch {
        return false;
      } finally {
        await probe.disconnect();
      }
    }, 'the new credential to be usable');

    const consumer = kafka.consumer({
      groupId: `${added.id.groupPrefix}live`,
      retry: { retries: 0, restartOnFailure: async () => false },
      maxWaitTimeInMs: 200,
    });
    const received: string[] = [];
    let crash: unknown;
    consumer.on(consumer.events.CRASH, ({ payload }) => (crash = payload.error));
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}.enriched`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void received.push(message.value?.toString() ?? ''),
    });
    await eventually(
      async () => received.length === 1,
      'the customer to read the first record',
      30_000,
    );

    const removed = await removeCustomer(deps, name);
    expect(removed).toMatchObject({ aclsRemoved: 3, credentialRemoved: true });
    await producer.send({
      topic: `${prefix}.enriched`,
      messages: [barMessage(enrichedBar('REV', 2))],
    });
    await producer.disconnect();

    // The already-authenticated connection stays open (Kafka does not end sessions when a
    // credential is deleted), but every request is authorized again: the next fetch fails.
    await eventually(async () => crash !== undefined, 'the open session to be refused', 30_000);
    expect(chain(crash).join(' ')).toMatch(
      /TOPIC_AUTHORIZATION_FAILED|GROUP_AUTHORIZATION_FAILED|KafkaJSGroupCoordinatorNotFound/,
    );
    expect(received).toHaveLength(1);
    await consumer.disconnect();

    const again = new kafkajs.Kafka(
      customerKafkaConfig(target, added.id.username, added.password as string),
    ).admin();
    await expect(again.connect()).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    await again.disconnect();
    expect((await listCustomers(deps)).some((c) => c.name === name)).toBe(false);
  }, 120_000);
});
