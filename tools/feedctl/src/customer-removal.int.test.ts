import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { addCustomer, listCustomers, removeCustomer } from './customers.js';
import {
  barMessage,
  useCustomerWorld,
  customerKafkaConfig,
  enrichedBar,
  eventually,
} from '../test/int-test-kit.js';

const world = useCustomerWorld();
const { prefix, target } = world;
const name = world.customer();

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
  it('refuses the open session from its next fetch and any new connection', async () => {
    const added = await addCustomer(world.deps, name, ['enriched']);
    expect((await listCustomers(world.deps)).find((c) => c.name === name)).toMatchObject({
      products: ['enriched'],
      groupAccess: true,
      credential: true,
      extraAcls: 0,
    });
    await world.produce('enriched', [barMessage(enrichedBar('REV', 1))]);

    const password = added.password as string;
    const kafka = new kafkajs.Kafka(customerKafkaConfig(target, added.id.username, password));
    // The credential reaches the SASL listener asynchronously: retry the first login briefly.
    await world.waitForLogin(added.id.username, password, 'the new credential to be usable');

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

    const removed = await removeCustomer(world.deps, name);
    expect(removed).toMatchObject({ aclsRemoved: 3, credentialRemoved: true });
    await world.produce('enriched', [barMessage(enrichedBar('REV', 2))]);

    // The already-authenticated connection stays open (Kafka does not end sessions when a
    // credential is deleted), but every request is authorized again: the next fetch fails.
    await eventually(async () => crash !== undefined, 'the open session to be refused', 30_000);
    expect(chain(crash).join(' ')).toMatch(
      /TOPIC_AUTHORIZATION_FAILED|GROUP_AUTHORIZATION_FAILED|KafkaJSGroupCoordinatorNotFound/,
    );
    expect(received).toHaveLength(1);
    await consumer.disconnect();

    const again = new kafkajs.Kafka(
      customerKafkaConfig(target, added.id.username, password),
    ).admin();
    await expect(again.connect()).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    await again.disconnect();
    expect((await listCustomers(world.deps)).some((c) => c.name === name)).toBe(false);
  }, 120_000);
});
