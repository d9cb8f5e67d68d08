import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { validateEnrichedBar, type EnrichedBarV1, type Issue } from '@marketfeed/schema';
import type { Logger } from '@marketfeed/service';

export interface LiveFeedOptions {
  kafka: Kafka;
  logger: Logger;
  topics: { latest: string; enriched: string };
  /** The web user's group prefix; each instance appends its own suffix. */
  groupPrefix: string;
  onBar(bar: EnrichedBarV1, topic: string): void;
  onInvalid(topic: string, issues: Issue[]): void;
  /** Called once the `latest` snapshot has been read up to its end offsets at start. */
  onSnapshotRead(): void;
}

export interface LiveFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves with the error when the consumer crashed for good (kafkajs gave up restarting). */
  readonly failed: Promise<Error>;
  readonly connected: boolean;
}

export function decodeBar(
  message: Pick<KafkaMessage, 'value'>,
): { ok: true; bar: EnrichedBarV1 } | { ok: false; issues: Issue[] } {
  let value: unknown;
  try {
    value = JSON.parse(message.value?.toString() ?? 'null');
  } catch (err) {
    return { ok: false, issues: [{ path: '', reason: `not JSON: ${(err as Error).message}` }] };
  }
  const result = validateEnrichedBar(value);
  return result.ok ? { ok: true, bar: result.value } : { ok: false, issues: result.issues };
}

/**
 * Reads the feed as a customer would: `latest` from the beginning (the board's bootstrap) and
 * `enriched` from now on. Every web instance needs every partition, so each joins its own
 * group (`<prefix>-web-<random>`, inside the prefix the ACLs grant) and never commits.
 */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const groupId = `${options.groupPrefix}-${randomUUID().slice(0, 8)}`;
  const log = options.logger.child({ component: 'live-feed', groupId });
  const consumer: Consumer = options.kafka.consumer({
    groupId,
    // The view is disposable: a short session lets a killed instance's group vanish quickly.
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
  });
  const admin: Admin = options.kafka.admin();
  let connected = false;
  let reportFailure: (err: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => (reportFailure = resolve));

  consumer.on(consumer.events.GROUP_JOIN, () => (connected = true));
  consumer.on(consumer.events.DISCONNECT, () => (connected = false));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    connected = false;
    if (!payload.restart) reportFailure(payload.error);
    else log.warn({ err: payload.error }, 'consumer crashed; kafkajs restarts it');
  });

  return {
    get connected() {
      return connected;
    },
    failed,
    async start() {
      await admin.connect();
      // The snapshot is complete once every partition of `latest` is read up to where it
      // ended at start; transaction markers count, hence END_BATCH_PROCESS, not messages.
      const ends = await admin.fetchTopicOffsets(options.topics.latest);
      await admin.disconnect();
      const pending = new Map<number, bigint>();
      for (const p of ends) if (BigInt(p.high) > BigInt(p.low)) pending.set(p.partition, BigInt(p.high));
      let snapshotDone = false;
      const checkSnapshot = () => {
        if (!snapshotDone && pending.size === 0) {
          snapshotDone = true;
          options.onSnapshotRead();
        }
      };
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (payload.topic !== options.topics.latest) return;
        const target = pending.get(payload.partition);
        if (target !== undefined && BigInt(payload.lastOffset) + 1n >= target)
          pending.delete(payload.partition);
        checkSnapshot();
      });
      await consumer.connect();
      await consumer.subscribe({ topic: options.topics.latest, fromBeginning: true });
      await consumer.subscribe({ topic: options.topics.enriched, fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, message }) => {
          const decoded = decodeBar(message);
          if (decoded.ok) options.onBar(decoded.bar, topic);
          else options.onInvalid(topic, decoded.issues);
        },
      });
      checkSnapshot();
    },
    async stop() {
      await consumer.disconnect();
    },
  };
}
