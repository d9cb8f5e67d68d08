import { CompressionTypes, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { laneAssigner } from './producer-lanes.js';
import { isKafkaAuthError, isRetriableKafkaError } from '@marketfeed/kafka';
import type { Logger, StateCheck } from '@marketfeed/service';
import type { IngestorMetrics } from '../metrics.js';
import type { BoundedQueue } from './bounded-queue.js';
import type { OutboundRecord, OutboundRole } from './outbound-record.js';

export type ProducerLike = Pick<Producer, 'connect' | 'disconnect' | 'sendBatch'>;

export type PublisherDeps = {
  /**
   * One producer, or one per lane: a record's lane is fixed by its key, so one symbol always goes
   * through the same producer, and the lanes' requests are in flight at the same time.
   */
  producer: ProducerLike | readonly ProducerLike[];
  queue: BoundedQueue<OutboundRecord>;
  topics: Record<OutboundRole, string>;
  metrics: IngestorMetrics;
  logger: Logger;
  /** Readiness of the Kafka side: up while produce requests succeed. */
  kafkaCheck: StateCheck;
  batchMax: number;
  lingerMs: number;
  stallMs: number;
  compression: 'none' | 'gzip';
  /** Called once on a non-retriable failure (bad credentials, missing ACL): the process should exit. */
  onFatal: (err: Error) => void;
  now?: () => number;
};

export type Publisher = {
  /** Starts the send loop (connects first). */
  start(): void;
  /** Resolves when every record queued so far has been acknowledged. */
  drained(): Promise<void>;
  /** Sends what is buffered, within `timeoutMs`, then disconnects. Returns the records left unsent. */
  stop(timeoutMs: number): Promise<number>;
};

const MAX_BACKOFF_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A batch never mixes corporate actions with other records, so each action is acknowledged before any later bar is sent. */
function sameBatchKind(first: OutboundRecord | undefined, item: OutboundRecord): boolean {
  return (
    first === undefined ||
    (first.role === 'corporateActions') === (item.role === 'corporateActions')
  );
}

function isProducerList(p: PublisherDeps['producer']): p is readonly ProducerLike[] {
  return Array.isArray(p);
}

export class PublisherFatalError extends Error {
  readonly retriable = false;
}

/**
 * Moves records from the buffer to Kafka in batches: one produce request in flight per producer (the
 * idempotent producer's ordering guarantee), records removed from the buffer only once every lane
 * acknowledged its share, failed batches retried with capped exponential backoff for as long as
 * the failure is retriable.
 */
export function createKafkaPublisher(deps: PublisherDeps): Publisher {
  const now = deps.now ?? Date.now;
  const log = deps.logger.child({ component: 'publisher' });
  const compression = deps.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  let stopping = false;
  let abandoned = false;
  let loop: Promise<void> | undefined;
  let drainWaiters: (() => void)[] = [];
  const producers: readonly ProducerLike[] = isProducerList(deps.producer)
    ? deps.producer
    : [deps.producer];
  const laneOf = laneAssigner(producers.length);
  // Up to batchMax records per lane and request.
  const window = deps.batchMax * producers.length;

  const notifyDrained = () => {
    if (deps.queue.size > 0) return;
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const w of waiters) w();
  };

  const toTopicMessages = (batch: readonly OutboundRecord[]): TopicMessages[] => {
    const byTopic = new Map<string, Message[]>();
    for (const r of batch) {
      const topic = deps.topics[r.role];
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push(
        r.headers
          ? { key: r.key, value: r.value, headers: r.headers }
          : { key: r.key, value: r.value },
      );
    }
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  };

  const countPublished = (batch: readonly OutboundRecord[]) => {
    const counts = new Map<string, number>();
    for (const r of batch) {
      const k = `${r.role}\u0000${r.type}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const [k, n] of counts) {
      const [topic, type] = k.split('\u0000') as [string, string];
      deps.metrics.published.inc({ topic, type }, n);
    }
    deps.metrics.batchSize.observe(batch.length);
    const oldest = batch[0];
    if (oldest) deps.metrics.publishLatency.observe((now() - oldest.receivedAtMs) / 1000);
  };

  /** Sends one batch until it is acknowledged; false if shutdown abandoned it or the failure is fatal. */
  const sendUntilAcknowledged = async (
    producer: ProducerLike,
    batch: readonly OutboundRecord[],
  ): Promise<boolean> => {
    const topicMessages = toTopicMessages(batch);
    for (let attempt = 0; ; attempt++) {
      if (abandoned) return false;
      const stall = setTimeout(
        () => deps.kafkaCheck.down(`produce request pending for more than ${deps.stallMs}ms`),
        deps.stallMs,
      );
      try {
        if (attempt > 0) await producer.connect();
        await producer.sendBatch({ topicMessages, acks: -1, compression });
        clearTimeout(stall);
        if (!deps.kafkaCheck.ok) {
          deps.kafkaCheck.up('producing');
          if (attempt > 0) log.info({ attempts: attempt + 1 }, 'Kafka accepts records again');
        }
        return true;
      } catch (err) {
        clearTimeout(stall);
        const retriable = !isKafkaAuthError(err);
        deps.metrics.publishErrors.inc({ retriable: String(retriable) });
        if (!retriable) {
          const e = new PublisherFatalError(
            `Kafka rejected the ingestor's credentials or ACLs: ${(err as Error).message}`,
            { cause: err },
          );
          deps.kafkaCheck.down(e.message);
          log.error({ err }, 'non-retriable Kafka error; giving up');
          deps.onFatal(e);
          return false;
        }
        const backoff =
          Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(attempt, 10)) * (0.8 + Math.random() * 0.4);
        deps.kafkaCheck.down(`Kafka unavailable: ${(err as Error).message}`);
        if (attempt < 3 || attempt % 10 === 0)
          log.warn(
            {
              err,
              attempt: attempt + 1,
              retryInMs: Math.round(backoff),
              kafkaRetriable: isRetriableKafkaError(err),
              buffered: deps.queue.size,
            },
            'produce failed; retrying the batch',
          );
        await sleep(backoff);
      }
    }
  };

  /**
   * Each lane's share of the batch goes through its own producer, all lanes at once; a lane that
   * fails is retried alone (its producer re-sends with the same sequence numbers, so the broker
   * drops what it already has), and a lane that succeeded is never sent again.
   */
  const sendLanes = async (batch: readonly OutboundRecord[]): Promise<boolean> => {
    if (producers.length === 1) return sendUntilAcknowledged(producers[0]!, batch);
    const lanes = producers.map((): OutboundRecord[] => []);
    for (const r of batch) lanes[laneOf(deps.topics[r.role], r.key)]!.push(r);
    const sent = await Promise.all(
      lanes.map((records, i) =>
        records.length === 0 ? true : sendUntilAcknowledged(producers[i]!, records),
      ),
    );
    return sent.every(Boolean);
  };

  const run = async () => {
    for (let attempt = 0; !abandoned; attempt++) {
      try {
        await Promise.all(producers.map((p) => p.connect()));
        deps.kafkaCheck.up('connected');
        break;
      } catch (err) {
        if (isKafkaAuthError(err)) {
          const e = new PublisherFatalError(
            `Kafka rejected the ingestor's credentials: ${(err as Error).message}`,
            { cause: err },
          );
          deps.kafkaCheck.down(e.message);
          deps.onFatal(e);
          return;
        }
        deps.kafkaCheck.down(`connecting: ${(err as Error).message}`);
        log.warn({ err, attempt: attempt + 1 }, 'cannot connect to Kafka; retrying');
        await sleep(Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempt, 6)));
      }
    }
    while (!abandoned) {
      if (deps.queue.size === 0) {
        notifyDrained();
        if (stopping) return;
        await deps.queue.whenReadable();
        continue;
      }
      if (deps.queue.size < window && deps.lingerMs > 0 && !stopping) await sleep(deps.lingerMs);
      let first: OutboundRecord | undefined;
      const batch = deps.queue.peek(window, (item, i) => {
        if (i === 0) first = item;
        return sameBatchKind(first, item);
      });
      if (!(await sendLanes(batch))) return;
      deps.queue.remove(batch.length);
      countPublished(batch);
    }
  };

  return {
    start() {
      loop ??= run().catch((err: unknown) => {
        log.error({ err }, 'publisher loop failed');
        deps.onFatal(err instanceof Error ? err : new Error(String(err)));
      });
    },
    drained() {
      if (deps.queue.size === 0) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
    async stop(timeoutMs) {
      stopping = true;
      deps.queue.wakeReaders();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const outcome = await Promise.race([
        (loop ?? Promise.resolve()).then(() => 'done' as const),
        deadline,
      ]);
      clearTimeout(timer);
      const left = deps.queue.size;
      if (outcome === 'timeout' || left > 0) {
        abandoned = true;
        deps.metrics.dropped.inc({ reason: 'shutdown' }, left);
        log.error(
          { unsent: left },
          'shutdown: records not acknowledged by Kafka before the deadline',
        );
      }
      await Promise.all(
        producers.map((p) =>
          p.disconnect().catch((err: unknown) => log.warn({ err }, 'producer disconnect failed')),
        ),
      );
      return left;
    },
  };
}
