import kafkajs, { type Kafka, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@marketfeed/service';
import { createKafka, kafkaClientConfig } from '../src/client.js';
// Not a devDependency of this package: the test kit depends on it, and turbo refuses cycles in the
// package graph. The workspace link resolves it all the same (dev only, like every test import).
import {
  adminKafka,
  collect,
  eventually,
  provisionTestPrefix,
  settingsAs,
  type TestPrefix,
} from '@marketfeed/testkit';

const { Kafka: KafkaClient, Partitioners } = kafkajs;
const logger = createLogger({ name: 'coordinator-cache-int', level: 'silent' });
const TRANSACTIONS = 20;
const RECORDS = 5;
/** kafkajs' name for FindCoordinator in its request instrumentation. */
const FIND_COORDINATOR = 'GroupCoordinator';

let tp: TestPrefix;
beforeAll(async () => {
  tp = await provisionTestPrefix({ label: 'coord-cache', partitions: 1 });
}, 120_000);
afterAll(async () => {
  await tp?.cleanup();
}, 60_000);

/**
 * Runs `TRANSACTIONS` enricher-shaped transactions (records, sendOffsets, commit) with a
 * transactional producer of `kafka`, as the enricher user; returns the FindCoordinator requests
 * it sent, counted from kafkajs' request instrumentation.
 */
async function transact(kafka: Kafka, name: string): Promise<number> {
  const producer: Producer = kafka.producer({
    transactionalId: `${tp.ids.enricherTransactionalId}-${name}`,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { initialRetryTime: 15, maxRetryTime: 5_000, retries: 1_000, factor: 0.2 },
  });
  let lookups = 0;
  producer.on(producer.events.REQUEST, (e) => {
    if (e.payload.apiName === FIND_COORDINATOR) lookups++;
  });
  await producer.connect();
  try {
    for (let i = 0; i < TRANSACTIONS; i++) {
      const txn = await producer.transaction();
      await txn.send({
        topic: tp.catalog.enriched.name,
        acks: -1,
        messages: Array.from({ length: RECORDS }, (_, k) => ({ key: name, value: `${i}:${k}` })),
      });
      await txn.sendOffsets({
        consumerGroupId: `${tp.ids.enricherGroup}-${name}`,
        topics: [
          { topic: tp.catalog.raw.name, partitions: [{ partition: 0, offset: String(i + 1) }] },
        ],
      });
      await txn.commit();
    }
  } finally {
    await producer.disconnect();
  }
  return lookups;
}

describe('coordinator lookups of a transactional producer made by createKafka', () => {
  it('are made once per coordinator instead of before every transactional request, and its transactions commit', async () => {
    const settings = settingsAs('enricher', tp.prefix, tp.info);
    const opts = { clientId: 'coordinator-cache-int', logger };
    // A TTL longer than the test makes the count independent of how fast this machine is.
    const cached = await transact(
      createKafka(settings, { ...opts, coordinatorCacheTtlMs: 10 * 60_000 }),
      'cached',
    );
    // The same client without the cache (what createKafka returned before): kafkajs' own count.
    const uncached = await transact(new KafkaClient(kafkaClientConfig(settings, opts)), 'bare');

    // kafkajs alone: one lookup at init, then 4 per transaction (AddPartitionsToTxn,
    // AddOffsetsToTxn, TxnOffsetCommit, EndTxn each ask first).
    expect(uncached).toBeGreaterThanOrEqual(4 * TRANSACTIONS);
    // Cached: the transaction coordinator (at init) and the group coordinator (first
    // sendOffsets), plus at most one more each if a connection was lost and they were asked again.
    expect(cached).toBeGreaterThanOrEqual(2);
    expect(cached).toBeLessThanOrEqual(4);

    // Both producers' transactions are visible to a read_committed reader, every record once.
    const reader = adminKafka('coordinator-cache-reader', tp.info).consumer({
      groupId: `coordinator-cache-reader-${tp.prefix}`,
      readUncommitted: false,
    });
    await reader.connect();
    try {
      await reader.subscribe({ topic: tp.catalog.enriched.name, fromBeginning: true });
      const expected = 2 * TRANSACTIONS * RECORDS;
      const messages = await Promise.race([
        collect(reader, expected),
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`${expected} committed records not read in 60 s`)),
            60_000,
          ),
        ),
      ]);
      const seen = new Set(messages.map((m) => `${String(m.key)}/${String(m.value)}`));
      expect(seen.size).toBe(expected);
      expect(seen).toContain(`cached/${TRANSACTIONS - 1}:${RECORDS - 1}`);
    } finally {
      await reader.disconnect();
    }

    // The offsets each transaction sent (through the cached group coordinator) committed too.
    const admin = adminKafka('coordinator-cache-offsets', tp.info).admin();
    await admin.connect();
    try {
      for (const name of ['cached', 'bare'])
        await eventually(`${name} group offsets committed`, async () => {
          const [topic] = await admin.fetchOffsets({
            groupId: `${tp.ids.enricherGroup}-${name}`,
            topics: [tp.catalog.raw.name],
          });
          return topic?.partitions[0]?.offset === String(TRANSACTIONS);
        });
    } finally {
      await admin.disconnect();
    }
  }, 180_000);
});
