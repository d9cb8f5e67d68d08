import { readFileSync } from 'node:fs';
import kafkajs, {
  type Admin,
  type Consumer,
  type Kafka,
  type KafkaConfig,
  type KafkaMessage,
} from 'kafkajs';
import { validateEnrichedBar, type EnrichedBarV1, type Issue } from '@marketfeed/schema';
import { topicName } from '@marketfeed/kafka/contract';
import { explainAccessError, accessDenial, FeedConfigError, type DenialContext } from './errors.js';
import { SeqTracker } from './seq-tracker.js';

const { logLevel } = kafkajs;

/**
 * Where the stream starts:
 * - `snapshot` (default): the last bar of every symbol from `<prefix>.latest` (one per symbol,
 *   highest seq, delivered once the snapshot is read), then every new
 *   enriched record;
 * - `beginning`: the whole retained `<prefix>.enriched` log;
 * - `since`: enriched records written at or after `time` (offsets looked up by timestamp);
 * - `end`: only records written from now on;
 * - `committed`: continue from this group's committed offsets (new records if there are none).
 */
export type StartFrom =
  | { from: 'snapshot' }
  | { from: 'beginning' }
  | { from: 'since'; time: Date }
  | { from: 'end' }
  | { from: 'committed' };

export interface FeedClientOptions {
  brokers: string[];
  username: string;
  password: string;
  /** PEM CA file the brokers' certificates chain to; omit for public CAs (MSK). */
  caFile?: string | undefined;
  /** Default `marketfeed`. */
  topicPrefix?: string | undefined;
  /** Must start with `<username>.`; default `<username>.marketfeed-consume`. */
  groupId?: string | undefined;
  start?: StartFrom | undefined;
  /** Only these symbols are delivered and gap-checked (filtered client-side). */
  symbols?: readonly string[] | undefined;
  /** How long reading the snapshot may take before failing (default 60 s). */
  snapshotTimeoutMs?: number | undefined;
  clientId?: string | undefined;
  /** Overrides for the kafkajs client (logging, timeouts). */
  kafka?: Partial<KafkaConfig> | undefined;
}

export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

export type FeedEvent =
  | ({ type: 'bar'; phase: 'snapshot' | 'stream'; bar: EnrichedBarV1 } & RecordPosition)
  | ({
      type: 'gap';
      symbol: string;
      expected: number;
      got: number;
      missing: number;
    } & RecordPosition)
  | ({ type: 'duplicate'; symbol: string; seq: number; lastSeq: number } & RecordPosition)
  | ({ type: 'invalid'; key: string | null; issues: Issue[] } & RecordPosition)
  | { type: 'snapshot-complete'; symbols: number; records: number }
  | { type: 'following'; topic: string; start: StartFrom['from'] };

export type FeedEventHandler = (event: FeedEvent) => void | Promise<void>;

export interface FeedClient {
  /** Resolves after `stop()`; rejects on a fatal error (FeedAccessError for denials). */
  run(onEvent: FeedEventHandler): Promise<void>;
  /** Stops consuming; resolves once disconnected. From inside a handler it returns at once. */
  stop(): Promise<void>;
}

export function feedTopics(prefix: string): { enriched: string; latest: string } {
  return { enriched: topicName(prefix, 'enriched'), latest: topicName(prefix, 'latest') };
}

export function defaultGroupId(username: string): string {
  return `${username}.marketfeed-consume`;
}

/** Checked before connecting: a wrong group id would otherwise surface as a broker ACL denial. */
export function checkGroupId(groupId: string, username: string): string {
  if (!groupId.startsWith(`${username}.`) || groupId.length === username.length + 1)
    throw new FeedConfigError(
      `consumer group "${groupId}" must start with "${username}." (your access covers only those groups)`,
    );
  return groupId;
}

export function kafkaConfig(o: FeedClientOptions): KafkaConfig {
  return {
    clientId: o.clientId ?? o.username,
    brokers: o.brokers,
    ssl: o.caFile ? { ca: [readFileSync(o.caFile, 'utf8')], rejectUnauthorized: true } : true,
    sasl: { mechanism: 'scram-sha-512', username: o.username, password: o.password },
    logLevel: logLevel.NOTHING,
    connectionTimeout: 10_000,
    retry: { retries: 5, initialRetryTime: 300 },
    ...o.kafka,
  };
}

type Offsets = { partition: number; offset: string }[];

export function createFeedClient(options: FeedClientOptions): FeedClient {
  const prefix = options.topicPrefix ?? 'marketfeed';
  const topics = feedTopics(prefix);
  const username = options.username;
  const groupId = checkGroupId(options.groupId ?? defaultGroupId(username), username);
  const start = options.start ?? { from: 'snapshot' };
  const symbols =
    options.symbols && options.symbols.length > 0 ? new Set(options.symbols) : undefined;
  const kafka: Kafka = new kafkajs.Kafka(kafkaConfig(options));
  const tracker = new SeqTracker();
  const consumers: Consumer[] = [];
  let admin: Admin | undefined;
  let stopped = false;
  let signalStop!: () => void;
  const stopSignal = new Promise<void>((res) => (signalStop = res));

  const ctx = (extra: Partial<DenialContext> = {}): DenialContext => ({ username, ...extra });
  /** Runs one step, turning kafkajs denials into errors naming the topic or group involved. */
  async function step<T>(what: Partial<DenialContext>, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      // kafkajs' setOffsets refuses a group with members; say which group and what to do.
      if (what.groupId && /must have no running instances/.test((err as Error).message ?? ''))
        throw new FeedConfigError(
          `consumer group "${what.groupId}" is in use by another client; give each process its own group (--group ${username}.<name>)`,
        );
      throw explainAccessError(err, ctx(what));
    }
  }

  function decode(message: KafkaMessage, pos: RecordPosition): FeedEvent | undefined {
    const key = message.key?.toString() ?? null;
    if (symbols && key !== null && !symbols.has(key)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(message.value?.toString() ?? 'null');
    } catch (err) {
      return {
        type: 'invalid',
        key,
        issues: [{ path: '', reason: `not JSON: ${(err as Error).message}` }],
        ...pos,
      };
    }
    const result = validateEnrichedBar(value);
    if (!result.ok) return { type: 'invalid', key, issues: result.issues, ...pos };
    if (symbols && !symbols.has(result.value.symbol)) return undefined;
    return { type: 'bar', phase: 'stream', bar: result.value, ...pos };
  }

  /** Reads `<prefix>.latest` up to its end offsets at start, then stops that consumer. */
  async function readSnapshot(onEvent: FeedEventHandler): Promise<void> {
    const adm = admin as Admin;
    const ends = await step({ topic: topics.latest }, () => adm.fetchTopicOffsets(topics.latest));
    const pending = new Map<number, bigint>();
    for (const p of ends)
      if (BigInt(p.high) > BigInt(p.low)) pending.set(p.partition, BigInt(p.high));
    // Until compaction runs, the snapshot topic holds several bars per symbol; customers get
    // one, the highest seq, once the snapshot is complete.
    const latest = new Map<string, Extract<FeedEvent, { type: 'bar' }>>();
    if (pending.size > 0) {
      // Its own group, never committed: every run re-reads the whole compacted snapshot.
      const snapshotGroup = `${groupId}.snapshot`;
      await step({ topic: topics.latest, groupId: snapshotGroup }, () =>
        adm.resetOffsets({ groupId: snapshotGroup, topic: topics.latest, earliest: true }),
      );
      const consumer = kafka.consumer({
        groupId: snapshotGroup,
        retry: { retries: 3, restartOnFailure: async () => false },
      });
      consumers.push(consumer);
      let done!: () => void;
      let fail!: (err: unknown) => void;
      const finished = new Promise<void>((res, rej) => {
        done = res;
        fail = rej;
      });
      const timer = setTimeout(
        () =>
          fail(
            new Error(
              `snapshot of ${topics.latest} not read within ${options.snapshotTimeoutMs ?? 60_000} ms (partitions left: ${[...pending.keys()].join(', ')})`,
            ),
          ),
        options.snapshotTimeoutMs ?? 60_000,
      );
      // END_BATCH_PROCESS also fires for batches holding only transaction markers, whose
      // offsets count towards the end (the enricher writes `latest` transactionally).
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const target = pending.get(payload.partition);
        if (target !== undefined && BigInt(payload.lastOffset) + 1n >= target)
          pending.delete(payload.partition);
        if (pending.size === 0) done();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) =>
        fail(
          explainAccessError(payload.error, ctx({ topic: topics.latest, groupId: snapshotGroup })),
        ),
      );
      await step({ topic: topics.latest, groupId: snapshotGroup }, async () => {
        await consumer.connect();
        await consumer.subscribe({ topic: topics.latest, fromBeginning: true });
      });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const target = pending.get(partition);
          if (target === undefined || BigInt(message.offset) >= target) return;
          const event = decode(message, { topic, partition, offset: message.offset });
          if (!event) return;
          if (event.type !== 'bar') return onEvent(event);
          const held = latest.get(event.bar.symbol);
          if (!held || event.bar.seq > held.bar.seq)
            latest.set(event.bar.symbol, { ...event, phase: 'snapshot' });
        },
      });
      try {
        await Promise.race([finished, stopSignal]);
      } finally {
        clearTimeout(timer);
        await consumer.disconnect();
        consumers.splice(consumers.indexOf(consumer), 1);
      }
    }
    const bars = [...latest.values()].sort((a, b) => a.bar.symbol.localeCompare(b.bar.symbol));
    for (const event of bars) {
      tracker.seed(event.bar.symbol, event.bar.seq);
      await onEvent(event);
    }
    await onEvent({ type: 'snapshot-complete', symbols: tracker.symbols, records: bars.length });
  }

  async function startOffsets(
    before: Offsets | undefined,
  ): Promise<Offsets | 'earliest' | undefined> {
    const adm = admin as Admin;
    switch (start.from) {
      case 'snapshot':
        return before;
      case 'beginning':
        // Concrete low offsets: kafkajs' resetOffsets commits the sentinel -2, which a consumer
        // subscribed without fromBeginning reads as "latest".
        return (
          await step({ topic: topics.enriched }, () => adm.fetchTopicOffsets(topics.enriched))
        ).map((p) => ({ partition: p.partition, offset: p.low }));
      case 'end':
        return (
          await step({ topic: topics.enriched }, () => adm.fetchTopicOffsets(topics.enriched))
        ).map((p) => ({ partition: p.partition, offset: p.high }));
      case 'since':
        return step({ topic: topics.enriched }, () =>
          adm.fetchTopicOffsetsByTimestamp(topics.enriched, start.time.getTime()),
        );
      case 'committed':
        return undefined;
    }
  }

  async function follow(
    onEvent: FeedEventHandler,
    offsets: Offsets | 'earliest' | undefined,
  ): Promise<void> {
    const adm = admin as Admin;
    const where = { topic: topics.enriched, groupId };
    // Positions are committed to the group before joining it, so kafkajs starts exactly there.
    if (offsets === 'earliest')
      await step(where, () =>
        adm.resetOffsets({ groupId, topic: topics.enriched, earliest: true }),
      );
    else if (offsets)
      await step(where, () =>
        adm.setOffsets({ groupId, topic: topics.enriched, partitions: offsets }),
      );
    const consumer = kafka.consumer({
      groupId,
      retry: { retries: 5, restartOnFailure: async (err) => accessDenial(err) === undefined },
    });
    consumers.push(consumer);
    const crashed = new Promise<never>((_, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(explainAccessError(payload.error, ctx(where)));
      });
    });
    crashed.catch(() => undefined);
    await step(where, async () => {
      await consumer.connect();
      await consumer.subscribe({ topic: topics.enriched, fromBeginning: false });
    });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const pos = { topic, partition, offset: message.offset };
        const event = decode(message, pos);
        if (!event) return;
        if (event.type !== 'bar') return onEvent(event);
        const seen = tracker.observe(event.bar.symbol, event.bar.seq);
        if (seen.kind === 'duplicate') {
          // Already delivered (from the snapshot, or redelivered after a rebalance).
          return onEvent({
            type: 'duplicate',
            symbol: seen.symbol,
            seq: seen.seq,
            lastSeq: seen.last,
            ...pos,
          });
        }
        if (seen.kind === 'gap')
          await onEvent({
            type: 'gap',
            symbol: seen.symbol,
            expected: seen.expected,
            got: seen.got,
            missing: seen.missing,
            ...pos,
          });
        await onEvent(event);
      },
    });
    await onEvent({ type: 'following', topic: topics.enriched, start: start.from });
    await Promise.race([crashed, stopSignal]);
  }

  let inHandler = 0;
  let cleanedUp: Promise<void> = Promise.resolve();

  return {
    run(handler) {
      // Nothing is delivered after stop(); the depth lets stop() know it runs inside a handler.
      const onEvent: FeedEventHandler = async (event) => {
        if (stopped) return;
        inHandler++;
        try {
          await handler(event);
        } finally {
          inHandler--;
        }
      };
      const running = runAll(onEvent);
      cleanedUp = running.then(
        () => undefined,
        () => undefined,
      );
      return running;
    },
    async stop() {
      stopped = true;
      signalStop();
      // Called from a handler: kafkajs cannot disconnect until that handler returns, so do not
      // wait here; run() settles once the consumers are gone.
      if (inHandler > 0) return;
      await cleanedUp;
    },
  };

  async function runAll(onEvent: FeedEventHandler): Promise<void> {
    try {
      admin = kafka.admin({ retry: { retries: 2 } });
      await step({}, () => (admin as Admin).connect());
      // Enriched end offsets are taken before the snapshot is read: every record after them is
      // streamed, and the ones the snapshot already reflects are dropped by their per-symbol seq.
      const before =
        start.from === 'snapshot'
          ? (
              await step({ topic: topics.enriched }, () =>
                (admin as Admin).fetchTopicOffsets(topics.enriched),
              )
            ).map((p) => ({ partition: p.partition, offset: p.high }))
          : undefined;
      if (start.from === 'snapshot') await readSnapshot(onEvent);
      if (stopped) return;
      const offsets = await startOffsets(before);
      if (stopped) return;
      await follow(onEvent, offsets);
    } finally {
      await Promise.allSettled(consumers.map((c) => c.disconnect()));
      await admin?.disconnect().catch(() => undefined);
    }
  }
}
