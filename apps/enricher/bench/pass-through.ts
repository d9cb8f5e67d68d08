// Benchmark baseline (a): a kafkajs consume -> produce pipe with the enricher's transaction
// settings (one transactional producer per input partition, read_committed, sendOffsets, batches
// bounded by TRANSACTION_MAX_RECORDS, fetch wait TRANSACTION_MAX_MS) but no enrichment, no state.
import type { EachBatchPayload, Producer } from 'kafkajs';
import kafkajs from 'kafkajs';
import { createKafka, loadKafkaSettings, topicCatalog } from '@marketfeed/kafka';
import { createLogger } from '@marketfeed/service';
import { TRANSACTIONAL_RETRY } from '@marketfeed/exactly-once';

const { Partitioners } = kafkajs;
const env = process.env;
const settings = loadKafkaSettings(env);
const topics = topicCatalog(settings.topicPrefix);
const groupId = env.ENRICHER_GROUP_ID ?? 'marketfeed-enricher';
const maxRecords = Number(env.TRANSACTION_MAX_RECORDS ?? 5000);
const maxMs = Number(env.TRANSACTION_MAX_MS ?? 100);
const logger = createLogger({
  name: 'pass-through',
  level: env.LOG_LEVEL ?? 'error',
  pretty: false,
});
const kafka = createKafka(settings, { clientId: 'bench-pass-through', logger });
const producers = new Map<number, Promise<Producer>>();

function producerFor(partition: number): Promise<Producer> {
  let p = producers.get(partition);
  if (!p) {
    p = (async () => {
      const producer = kafka.producer({
        transactionalId: `${groupId}-pass-through-${topics.raw.name}-${partition}`,
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: TRANSACTIONAL_RETRY,
      });
      await producer.connect();
      return producer;
    })();
    producers.set(partition, p);
  }
  return p;
}

async function eachBatch({ batch, resolveOffset, heartbeat }: EachBatchPayload): Promise<void> {
  const producer = await producerFor(batch.partition);
  const messages = batch.messages;
  for (let i = 0; i < messages.length; i += maxRecords) {
    const chunk = messages.slice(i, i + maxRecords);
    const last = chunk[chunk.length - 1]!.offset;
    const txn = await producer.transaction();
    try {
      await txn.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic: topics.enriched.name,
            messages: chunk.map((m) => ({
              key: m.key,
              value: m.value,
              headers: { 'x-marketfeed-source-ts': m.timestamp },
            })),
          },
        ],
      });
      await txn.sendOffsets({
        consumerGroupId: groupId,
        topics: [
          {
            topic: topics.raw.name,
            partitions: [{ partition: batch.partition, offset: String(BigInt(last) + 1n) }],
          },
        ],
      });
      await txn.commit();
    } catch (err) {
      await txn.abort().catch(() => undefined);
      throw err;
    }
    resolveOffset(last);
    await heartbeat();
  }
}

const consumer = kafka.consumer({
  groupId,
  readUncommitted: false,
  maxWaitTimeInMs: maxMs,
  sessionTimeout: 6000,
  heartbeatInterval: 600,
});
await consumer.connect();
await consumer.subscribe({ topic: topics.raw.name, fromBeginning: true });
await consumer.run({
  autoCommit: false,
  eachBatchAutoResolve: false,
  partitionsConsumedConcurrently: 6,
  eachBatch,
});
process.once('SIGTERM', () => {
  consumer.disconnect().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'disconnect on SIGTERM failed');
      process.exit(1);
    },
  );
});
