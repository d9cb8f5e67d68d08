import { randomBytes } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { adminKafka } from './clients.js';
import { eventually } from './eventually.js';
import { stackInfo, type StackInfo } from './stack-info.js';

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Producer timestamp (ms). */
  timestamp: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** Runs `consumer` until `count` messages arrived, then resolves with them. */
export function collect(consumer: Consumer, count: number): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  return new Promise((resolveMessages, reject) => {
    consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
    consumer
      .run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (messages.length === count) resolveMessages(messages);
        },
      })
      .catch(reject);
  });
}

/** Records currently in `topic` (sum of high - low watermarks), read as the PLAINTEXT admin. */
export async function topicCount(topic: string, info: StackInfo = stackInfo()): Promise<number> {
  const admin = adminKafka('testkit-count', info).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.reduce((n, e) => n + Number(e.high) - Number(e.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every record of `topic` (all partitions, from the beginning up to the end offsets seen at the
 * start), read as the PLAINTEXT admin, in partition then offset order.
 */
export async function readTopic(
  topic: string,
  opts: { timeoutMs?: number; info?: StackInfo } = {},
): Promise<ConsumedRecord[]> {
  const kafka = adminKafka('testkit-reader', opts.info ?? stackInfo());
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const wanted = new Map(
    ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]),
  );
  const out: ConsumedRecord[] = [];
  if (wanted.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `testkit-reader-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          out.push({
            topic,
            partition: batch.partition,
            offset: m.offset,
            timestamp: Number(m.timestamp),
            key: m.key ? m.key.toString() : null,
            value: m.value ? m.value.toString() : '',
            headers: Object.fromEntries(
              Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)]),
            ),
          });
          if (Number(m.offset) + 1 >= (wanted.get(batch.partition) ?? 0))
            wanted.delete(batch.partition);
        }
      },
    });
    await eventually(`all of ${topic} read`, () => wanted.size === 0, {
      timeoutMs: opts.timeoutMs ?? 60_000,
      intervalMs: 50,
    });
  } finally {
    await consumer.disconnect();
  }
  return out.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

/** Polls until `topic` holds at least `count` records (bounded), then reads them all. */
export async function waitForCount(
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<ConsumedRecord[]> {
  await eventually(`${count} records in ${topic}`, async () => (await topicCount(topic)) >= count, {
    timeoutMs,
  });
  return readTopic(topic);
}
