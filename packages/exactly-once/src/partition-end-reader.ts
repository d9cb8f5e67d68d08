import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';

export interface ReadToEndOptions {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  partitions: readonly number[];
  /** A throwaway group is derived from it (`<groupPrefix>-restore-<uuid>`), inside the group ACL prefix. */
  groupPrefix: string;
  onMessage: (partition: number, message: KafkaMessage) => void;
  timeoutMs: number;
  /** Called while waiting, so a caller blocked inside eachBatch can keep its own group membership alive. */
  heartbeat?: () => Promise<void>;
  /**
   * The end offsets are taken once this settles (say, the previous owner is fenced: taken before,
   * an owner still alive could commit once more after them). When the partitions already hold
   * records, the reader connects, joins its group and starts reading meanwhile; a rejection ends
   * the read with it.
   */
  endsAfter?: Promise<unknown>;
}

/**
 * Tracks how far a consumer has read each partition. kafkajs does not call eachBatch for a batch
 * holding only transaction markers (our changelog ends with one after every commit), but it does
 * emit END_BATCH_PROCESS for it; that event is the only reliable position signal.
 */
export function trackPositions(consumer: Consumer, topic: string): Map<number, bigint> {
  const positions = new Map<number, bigint>();
  consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
    const p = e.payload as { topic: string; partition: number; lastOffset: string };
    if (p.topic !== topic) return;
    const next = BigInt(p.lastOffset) + 1n;
    if (next > (positions.get(p.partition) ?? -1n)) positions.set(p.partition, next);
  });
  return positions;
}

/**
 * Reads the given partitions of `topic` from the beginning to their current end (read_committed)
 * and stops. kafkajs has no `assign()`, so a consumer in a throwaway group stands in for it: as its
 * only member it is assigned every partition and pauses the ones it was not asked for.
 */
export async function readPartitionsToEnd(opts: ReadToEndOptions): Promise<void> {
  if (opts.partitions.length === 0) return;
  const endOffsets = async (): Promise<Map<number, bigint>> => {
    const ends = new Map<number, bigint>();
    for (const o of await opts.admin.fetchTopicOffsets(opts.topic)) {
      if (!opts.partitions.includes(o.partition)) continue;
      if (BigInt(o.high) > BigInt(o.low)) ends.set(o.partition, BigInt(o.high));
    }
    return ends;
  };
  // Nothing to read yet: no reader to start early (a first start stays as fast as before).
  if ((await endOffsets()).size === 0) {
    await opts.endsAfter;
    if ((await endOffsets()).size === 0) return;
  }
  const wanted = new Set(opts.partitions);
  const consumer = opts.kafka.consumer({
    groupId: `${opts.groupPrefix}-restore-${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
    retry: { retries: 5 },
  });
  const positions = trackPositions(consumer, opts.topic);
  let ends = new Map<number, bigint>();
  const done = () => [...ends].every(([p, end]) => (positions.get(p) ?? 0n) >= end);
  let crashed: Error | undefined;
  consumer.on(consumer.events.CRASH, (e) => {
    crashed = (e.payload as { error: Error }).error;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: opts.topic, fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: true,
      autoCommit: false,
      eachBatch: async ({ batch, pause }) => {
        if (!wanted.has(batch.partition)) {
          pause();
          return;
        }
        for (const m of batch.messages) opts.onMessage(batch.partition, m);
      },
    });
    await opts.endsAfter;
    ends = await endOffsets();
    const deadline = Date.now() + opts.timeoutMs;
    let lastBeat = Date.now();
    while (!done()) {
      if (crashed) throw crashed;
      if (Date.now() > deadline) {
        const behind = [...ends]
          .map(([p, end]) => `${p}@${String(positions.get(p) ?? 0n)}/${String(end)}`)
          .join(' ');
        throw new Error(
          `reading ${opts.topic} to its end timed out after ${opts.timeoutMs} ms (partition@position/end: ${behind})`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
      if (opts.heartbeat && Date.now() - lastBeat > 1000) {
        lastBeat = Date.now();
        await opts.heartbeat().catch(() => undefined);
      }
    }
  } finally {
    await consumer.disconnect();
  }
}
