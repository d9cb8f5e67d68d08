import kafkajs, { type Kafka } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCustomer } from './customers.js';
import {
  barMessage,
  useCustomerWorld,
  customerKafkaConfig,
  enrichedBar,
  eventually,
  hex,
} from '../test/int-test-kit.js';

const world = useCustomerWorld();
const { prefix, target } = world;
const acme = world.customer();
const other = world.customer();
let acmeKafka: Kafka;

/** Reads one record from `topic` as the customer; resolves with its value, rejects with the broker's error. */
async function readOne(kafka: Kafka, topic: string, groupId: string): Promise<string> {
  const consumer = kafka.consumer({
    groupId,
    retry: { retries: 0, restartOnFailure: async () => false },
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<string>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      const timer = setTimeout(
        () => reject(new Error(`no record from ${topic} within 20s`)),
        20_000,
      );
      consumer
        .run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(message.value?.toString() ?? '');
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

/** The broker's error code (kafkajs `type`) found anywhere in the error chain, else the error's name. */
function errorCode(err: unknown): string {
  for (
    let e = err as { type?: string; name?: string; originalError?: unknown } | undefined, d = 0;
    e && d < 5;
    d++
  ) {
    if (e.type) return e.type;
    // createTopics reports per-topic failures as an aggregate.
    const nested = (e as { errors?: unknown[] }).errors?.[0];
    e = (e.originalError ?? (e as { cause?: unknown }).cause ?? nested) as typeof e;
  }
  return `${(err as { name?: string }).name ?? 'unknown'}: ${(err as Error).message}`;
}

const errorType = (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (err: unknown) => errorCode(err),
  );

// kafkajs drops FindCoordinator's GROUP_AUTHORIZATION_FAILED and reports "group coordinator not
// found" instead (cluster/index.js findGroupCoordinatorMetadata); the console-consumer test shows
// the broker's own GroupAuthorizationException.
const GROUP_DENIED = /^(GROUP_AUTHORIZATION_FAILED|KafkaJSGroupCoordinatorNotFound\b)/;

describe('a customer gets exactly its entitlements on the real broker', () => {
  beforeAll(async () => {
    for (const topic of ['enriched', 'latest', 'raw', 'enricher-state', 'dlq'])
      await world.produce(topic, [barMessage(enrichedBar('ACME', 1))]);
    const added = await addCustomer(world.deps, acme, ['enriched', 'latest']);
    await addCustomer(world.deps, other, ['latest']);
    acmeKafka = new kafkajs.Kafka(
      customerKafkaConfig(target, added.id.username, added.password as string),
    );
    // Credentials and ACLs reach the broker's caches through the metadata log: wait for them.
    await eventually(
      () =>
        errorType(readOne(acmeKafka, `${prefix}.latest`, `customer-${acme}.probe`)).then(
          (t) => t === 'allowed',
        ),
      'customer access',
    );
  }, 90_000);

  it('reads the enriched and the latest topic with its own group prefix', async () => {
    const enriched = JSON.parse(
      await readOne(acmeKafka, `${prefix}.enriched`, `customer-${acme}.app-${hex()}`),
    ) as { symbol: string };
    const latest = JSON.parse(
      await readOne(acmeKafka, `${prefix}.latest`, `customer-${acme}.app-${hex()}`),
    ) as { symbol: string };
    expect(enriched.symbol).toBe('ACME');
    expect(latest.symbol).toBe('ACME');
  }, 60_000);

  it.each(['raw', 'enricher-state', 'dlq'])(
    'is denied reading %s',
    async (topic) => {
      expect(
        await errorType(readOne(acmeKafka, `${prefix}.${topic}`, `customer-${acme}.x-${hex()}`)),
      ).toBe('TOPIC_AUTHORIZATION_FAILED');
    },
    30_000,
  );

  it.each(['enriched', 'latest', 'raw'])(
    'is denied writing to %s',
    async (topic) => {
      const producer = acmeKafka.producer({ retry: { retries: 0 } });
      await producer.connect();
      try {
        expect(
          await errorType(
            producer.send({
              topic: `${prefix}.${topic}`,
              messages: [{ key: 'X', value: 'forged' }],
            }),
          ),
        ).toBe('TOPIC_AUTHORIZATION_FAILED');
      } finally {
        await producer.disconnect();
      }
    },
    30_000,
  );

  it("is denied another customer's consumer group and groups outside its prefix", async () => {
    expect(
      await errorType(readOne(acmeKafka, `${prefix}.latest`, `customer-${other}.stolen`)),
    ).toMatch(GROUP_DENIED);
    expect(await errorType(readOne(acmeKafka, `${prefix}.latest`, `customer-${acme}`))).toMatch(
      GROUP_DENIED,
    );
    expect(await errorType(readOne(acmeKafka, `${prefix}.latest`, `${prefix}-enricher`))).toMatch(
      GROUP_DENIED,
    );
  }, 60_000);

  it('has no cluster-level rights (cannot create topics or read ACLs)', async () => {
    const customerAdmin = acmeKafka.admin({ retry: { retries: 0 } });
    await customerAdmin.connect();
    try {
      expect(
        await errorType(customerAdmin.createTopics({ topics: [{ topic: `${prefix}.mine` }] })),
      ).toMatch(/AUTHORIZATION_FAILED/);
      expect(
        await errorType(
          customerAdmin.describeAcls({
            resourceType: 1,
            resourcePatternType: 1,
            operation: 1,
            permissionType: 1,
          }),
        ),
      ).toBe('CLUSTER_AUTHORIZATION_FAILED');
    } finally {
      await customerAdmin.disconnect();
    }
  }, 30_000);

  it('is rejected with a wrong password', async () => {
    const wrong = new kafkajs.Kafka(
      customerKafkaConfig(target, `customer-${acme}`, 'not-the-password'),
    ).admin();
    expect(await errorType(wrong.connect())).toMatch(
      /^KafkaJSSASLAuthenticationError: .*invalid credentials/,
    );
    await wrong.disconnect();
  }, 30_000);
});
