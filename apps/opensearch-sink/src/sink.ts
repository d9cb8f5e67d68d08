import {
  Partitioners,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { consumerGroupLag } from '@marketfeed/kafka';
import { validateEnrichedBar, type EnrichedBarV1 } from '@marketfeed/schema';
import {
  serviceOutcome,
  StateCheck,
  type Logger,
  type Readiness,
  type Registry,
  type Service,
} from '@marketfeed/service';
import { BulkIndexer, type IndexJob, type Settled } from './bulk-indexer.js';
import type { BulkLimits } from './bulk-limit.js';
import { backoffDelay, classifyRequestFailure } from './bulk-outcome.js';
import type { SinkConfig } from './config.js';
import { createDlqWriter, type DeadLetter } from './dlq-writer.js';
import { bulkOperation, indexNames } from './documents.js';
import { IndexManager, type RetentionStatus } from './index-manager.js';
import { createSinkMetrics } from './metrics.js';
import { OffsetTracker, type Ticket } from './offset-tracker.js';
import { StopBudget } from './stop-budget.js';
import {
  OpenSearchRequestError,
  type BulkResult,
  type OpenSearchGateway,
} from './opensearch-gateway.js';

/** The part of the sink's configuration `createSink` reads (main passes the whole SinkConfig). */
export type SinkSettings = Pick<
  SinkConfig,
  'groupId' | 'commitIntervalMs' | 'lagIntervalMs' | 'bulk' | 'index' | 'shutdownGraceMs'
> & {
  /** Partitions whose batches are handed over concurrently (handing over is cheap). */
  partitionsConsumedConcurrently?: number;
};

export interface SinkDeps {
  config: SinkSettings;
  /** Topic names, from the contract's catalog in the composition root. */
  topics: { enriched: string; dlq: string };
  kafka: Kafka;
  gateway: OpenSearchGateway;
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
  now?: () => Date;
}

export interface SinkStats {
  indexed: number;
  duplicates: number;
  deadLettered: number;
  buffered: number;
  pendingOffsets: number;
  /** The bulk size now in force (adaptive; at most SINK_BULK_MAX_DOCS / _BYTES). */
  bulkLimit: BulkLimits;
}

export interface Sink extends Service {
  /** Applies the index design (retrying while OpenSearch is unreachable) and starts consuming. */
  start(): Promise<void>;
  /**
   * Stops consuming, flushes what is in memory (up to `flushMs`; by default a share of the grace
   * period), commits, disconnects: all within the grace period, abandoning what a loaded broker
   * or cluster does not finish in time (re-read on restart).
   */
  stop(flushMs?: number): Promise<void>;
  /** The index retention found or applied at start, once started. */
  readonly retention: RetentionStatus | undefined;
  stats(): SinkStats;
}

interface RecordContext {
  ticket: Ticket;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Kafka record timestamp (ms): the enricher's commit time with CreateTime. */
  timestamp: number;
}

type Decoded =
  | { ok: true; bar: EnrichedBarV1 }
  | { ok: false; letter: Omit<DeadLetter, 'source' | 'key' | 'value'> };

/** Parses and validates one record value; bad data is a value (a dead letter), never a throw. */
export function decodeRecord(value: Buffer | null): Decoded {
  if (value === null)
    return {
      ok: false,
      letter: {
        reason: 'invalid-json',
        issues: [{ path: '', reason: 'record has no value (tombstone)' }],
      },
    };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return {
      ok: false,
      letter: { reason: 'invalid-json', issues: [{ path: '', reason: (err as Error).message }] },
    };
  }
  const result = validateEnrichedBar(parsed);
  if (!result.ok)
    return { ok: false, letter: { reason: 'invalid-enriched-bar', issues: result.issues } };
  return { ok: true, bar: result.value };
}

/**
 * Of the grace period: what the stop leaves to the process around it (closing the OpenSearch
 * client and the ops server), and the share the flush may take, so committing and leaving the
 * group still get time when a bulk request is slow (a loaded machine answers everything late).
 */
const STOP_MARGIN_MS = 1_000;
const FLUSH_SHARE = 0.6;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createSink(deps: SinkDeps): Sink {
  const { kafka, gateway, logger, topics } = deps;
  const config = deps.config;
  const now = deps.now ?? (() => new Date());
  const log = logger.child({ component: 'sink' });
  const names = indexNames(config.index.prefix);
  const metrics = createSinkMetrics(deps.registry);
  const tracker = new OffsetTracker();
  const opensearchCheck = new StateCheck('index design not applied yet');
  const consumerCheck = new StateCheck('consumer not joined yet');
  deps.readiness.register('opensearch', opensearchCheck.check);
  deps.readiness.register('kafka-consumer', consumerCheck.check);

  let stopping = false;
  // Set once the shutdown flush gave up: pending DLQ writes stop retrying (offsets stay uncommitted).
  let abandoned = false;
  let paused = false;
  const totals = { indexed: 0, duplicates: 0, deadLettered: 0 };
  const outcome = serviceOutcome();

  const consumer: Consumer = kafka.consumer({
    groupId: config.groupId,
    // read_committed: the enricher writes in transactions; aborted output must never be indexed.
    readUncommitted: false,
    allowAutoTopicCreation: false,
  });
  const producer: Producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  let admin: Admin | undefined;

  const indexManager = new IndexManager({
    gateway,
    names,
    settings: config.index,
    logger: log,
    onAliasCollision: () => metrics.aliasCollisions.inc(),
  });

  const writeDeadLetters = createDlqWriter({
    producer,
    topic: topics.dlq,
    logger: log,
    now,
    retryInitialMs: config.bulk.retryInitialMs,
    retryMaxMs: config.bulk.retryMaxMs,
    isStopped: () => abandoned,
    onWritten: (letters) => {
      for (const l of letters) metrics.dlq.inc({ reason: l.reason });
      metrics.docs.inc({ result: 'dead_lettered' }, letters.length);
      totals.deadLettered += letters.length;
    },
  });

  function setAvailability(up: boolean, detail?: string): void {
    metrics.opensearchUp.set(up ? 1 : 0);
    if (up === opensearchCheck.ok) return;
    if (up) {
      opensearchCheck.up();
      log.info('OpenSearch reachable again; resuming consumption');
      if (paused && !stopping) {
        consumer.resume([{ topic: topics.enriched }]);
        paused = false;
      }
    } else {
      opensearchCheck.down(detail ?? 'OpenSearch unavailable');
      log.warn({ detail }, 'OpenSearch unavailable; pausing consumption until bulks succeed again');
      if (!paused && !stopping) {
        consumer.pause([{ topic: topics.enriched }]);
        paused = true;
      }
    }
  }

  async function send(
    jobs: readonly IndexJob<RecordContext>[],
    signal: AbortSignal,
  ): Promise<BulkResult> {
    try {
      await indexManager.prepare(jobs.map((j) => ({ index: j.op.index, symbol: j.symbol })));
    } catch (err) {
      if (err instanceof OpenSearchRequestError) return { ok: false, failure: err.failure };
      throw err;
    }
    const res = await gateway.bulk(jobs.map((j) => j.op.ndjson).join(''), signal);
    if (res.ok) {
      res.items.forEach((item, i) => {
        if (item.status === 404 && jobs[i]) indexManager.forgetIndex(jobs[i].op.index);
      });
    }
    return res;
  }

  async function onSettled(settled: Settled<RecordContext>[]): Promise<void> {
    const letters: DeadLetter[] = [];
    const nowMs = now().getTime();
    for (const { job, result } of settled) {
      const c = job.context;
      if (result.kind === 'rejected') {
        letters.push({
          reason: 'opensearch-rejected',
          issues: [{ path: job.op.id, reason: result.reason }],
          source: { topic: topics.enriched, partition: c.partition, offset: c.offset },
          key: c.key,
          value: c.value,
        });
      } else {
        metrics.endToEndSeconds.observe(Math.max(0, nowMs - c.timestamp) / 1000);
      }
    }
    await writeDeadLetters(letters);
    let indexed = 0;
    let duplicates = 0;
    for (const { job, result } of settled) {
      tracker.done(job.context.ticket);
      if (result.kind === 'indexed') indexed++;
      else if (result.kind === 'duplicate') duplicates++;
    }
    if (indexed) metrics.docs.inc({ result: 'indexed' }, indexed);
    if (duplicates) metrics.docs.inc({ result: 'duplicate' }, duplicates);
    totals.indexed += indexed;
    totals.duplicates += duplicates;
    metrics.buffered.set(indexer.buffered - settled.length);
  }

  const indexer = new BulkIndexer<RecordContext>({
    settings: config.bulk,
    send,
    onSettled,
    logger: log,
    observer: {
      bulkSent: (docs, bytes, seconds, outcome) => {
        metrics.bulkRequests.inc({ outcome });
        metrics.bulkDocs.observe(docs);
        metrics.bulkBytes.observe(bytes);
        metrics.bulkSeconds.observe(seconds);
      },
      retried: (cause, docs) => metrics.retries.inc({ cause }, docs),
      availability: setAvailability,
      limit: ({ docs, bytes }) => {
        metrics.bulkLimitDocs.set(docs);
        metrics.bulkLimitBytes.set(bytes);
      },
    },
    onFatal: (err) => fail(err instanceof Error ? err : new Error(String(err))),
  });

  function fail(err: Error): void {
    if (stopping) return;
    log.error({ err }, 'sink cannot continue');
    consumerCheck.down(`failed: ${err.message}`);
    outcome.fail(err);
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const generation = tracker.generation;
    const live = () => isRunning() && !isStale() && !stopping && tracker.generation === generation;
    const letters: { letter: DeadLetter; ticket: Ticket }[] = [];
    let handedOver = 0;
    for (const message of batch.messages) {
      // Bounded memory: hold the batch (kafkajs fetches nothing more for it) until there is room.
      while (!indexer.hasCapacity && live()) {
        await indexer.waitForCapacity(1_000);
        await heartbeat();
      }
      if (!live()) break;
      const ticket = tracker.add(batch.partition, message.offset);
      handOver(batch.partition, message, ticket, letters);
      resolveOffset(message.offset);
      handedOver++;
    }
    if (handedOver === batch.messages.length && live()) {
      const last = batch.messages[batch.messages.length - 1];
      if (last && BigInt(batch.lastOffset()) > BigInt(last.offset)) {
        tracker.addSkipped(batch.partition, batch.lastOffset());
        resolveOffset(batch.lastOffset());
      }
    }
    metrics.buffered.set(indexer.buffered);
    if (letters.length > 0) {
      await writeDeadLetters(letters.map((l) => l.letter));
      for (const l of letters) tracker.done(l.ticket);
    }
    await heartbeat();
  }

  function handOver(
    partition: number,
    message: KafkaMessage,
    ticket: Ticket,
    letters: { letter: DeadLetter; ticket: Ticket }[],
  ): void {
    const decoded = decodeRecord(message.value);
    if (!decoded.ok) {
      letters.push({
        ticket,
        letter: {
          ...decoded.letter,
          source: { topic: topics.enriched, partition, offset: message.offset },
          key: message.key,
          value: message.value,
        },
      });
      return;
    }
    indexer.submit({
      op: bulkOperation(decoded.bar, names),
      symbol: decoded.bar.symbol,
      context: {
        ticket,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        timestamp: Number(message.timestamp),
      },
    });
  }

  let committing: Promise<void> | undefined;
  async function commit(): Promise<void> {
    const offsets = tracker.committable();
    if (offsets.length === 0) return;
    try {
      await consumer.commitOffsets(
        offsets.map((o) => ({
          topic: topics.enriched,
          partition: o.partition,
          offset: o.offset,
        })),
      );
      tracker.markCommitted(offsets);
    } catch (err) {
      // Typically a rebalance: the new assignment restarts from the last good commit.
      log.warn({ err }, 'offset commit failed; will retry');
    }
  }
  function commitSoon(): Promise<void> {
    committing ??= commit().finally(() => {
      committing = undefined;
    });
    return committing;
  }

  async function refreshLag(): Promise<void> {
    try {
      if (!admin) {
        admin = kafka.admin();
        await admin.connect();
      }
      for (const p of await consumerGroupLag(admin, config.groupId, topics.enriched))
        metrics.lag.set({ partition: String(p.partition) }, Number(p.lag));
    } catch (err) {
      log.debug({ err }, 'consumer lag refresh failed');
    }
  }

  async function applyDesign(): Promise<RetentionStatus> {
    for (let attempt = 0; ; attempt++) {
      try {
        const retention = await indexManager.applyDesign();
        opensearchCheck.up();
        metrics.opensearchUp.set(1);
        return retention;
      } catch (err) {
        const failure = err instanceof OpenSearchRequestError ? err.failure : undefined;
        // At start-up a 401/403 is a credentials or permission problem: fail fast and say so.
        if (
          !failure ||
          failure.status === 401 ||
          failure.status === 403 ||
          classifyRequestFailure(failure) !== 'retry'
        )
          throw err;
        if (stopping) throw err;
        opensearchCheck.down(`cannot apply index design: ${(err as Error).message}`);
        metrics.opensearchUp.set(0);
        const delay = backoffDelay(attempt, config.bulk.retryInitialMs, config.bulk.retryMaxMs);
        log.warn(
          { err: (err as Error).message, attempt, delayMs: delay },
          'OpenSearch not reachable at start-up; retrying',
        );
        await sleep(delay);
      }
    }
  }

  const timers: NodeJS.Timeout[] = [];
  let started = false;
  let stopped: Promise<void> | undefined;
  async function shutDown(flushMs: number, totalMs: number): Promise<void> {
    const budget = new StopBudget(totalMs);
    stopping = true;
    for (const t of timers) clearInterval(t);
    // Stay in the group (kafkajs keeps heartbeating) but take no new records, so what is in
    // memory can still be indexed and committed before the partitions are given up.
    if (started) {
      consumer.pause([{ topic: topics.enriched }]);
      paused = true;
    }
    const flushed =
      (await budget.within(
        indexer.flush().then(() => true),
        flushMs,
      )) === true;
    // Abandons what is queued and aborts bulks in flight: waiting for an answer from a starved
    // cluster (up to OPENSEARCH_REQUEST_TIMEOUT_MS) would outlive the grace period.
    abandoned = true;
    indexer.stop();
    if (!flushed)
      log.warn(
        { unindexed: indexer.buffered },
        `stop budget spent with ${indexer.buffered} documents not acknowledged by OpenSearch; ` +
          'their offsets stay uncommitted and they are re-indexed on restart (idempotent)',
      );
    const committed = await budget.within(
      (async () => {
        await committing;
        if (started) await commit();
      })(),
    );
    if (committed === 'timed out')
      log.warn('the last offset commit did not finish in time; its records are re-read on restart');
    const left = await budget.within(
      consumer
        .disconnect()
        .catch((err: unknown) => log.warn({ err }, 'consumer disconnect failed')),
    );
    if (left === 'timed out')
      log.warn(
        'leaving the consumer group did not finish in time; the broker drops the member after its session timeout',
      );
    await budget.within(producer.disconnect().catch(() => undefined));
    await budget.within(admin?.disconnect().catch(() => undefined) ?? Promise.resolve());
    log.info({ ...totals, flushed }, 'sink stopped');
  }

  let retention: RetentionStatus | undefined;

  return {
    done: outcome.done,
    get retention() {
      return retention;
    },

    async start() {
      retention = await applyDesign();
      const { GROUP_JOIN, CRASH, DISCONNECT, STOP, END_BATCH_PROCESS } = consumer.events;
      consumer.on(GROUP_JOIN, (e) => {
        // kafkajs restarts every assigned partition from its committed offset after a join.
        tracker.reset();
        consumerCheck.up(`joined generation as ${e.payload.isLeader ? 'leader' : 'member'}`);
        log.info({ assignment: e.payload.memberAssignment }, 'consumer joined the group');
      });
      consumer.on(END_BATCH_PROCESS, (e) => {
        // A batch of only control/aborted records never reaches eachBatch: move past it.
        if (e.payload.batchSize === 0 && e.payload.topic === topics.enriched)
          tracker.addSkipped(e.payload.partition, e.payload.lastOffset);
      });
      consumer.on(CRASH, (e) => {
        consumerCheck.down(`consumer crashed: ${e.payload.error.message}`);
        if (!e.payload.restart) fail(e.payload.error);
      });
      consumer.on(DISCONNECT, () => consumerCheck.down('consumer disconnected'));
      consumer.on(STOP, () => consumerCheck.down('consumer stopped'));

      await producer.connect();
      await consumer.connect();
      // A new group indexes everything the topic still holds; later starts resume from commits.
      await consumer.subscribe({ topic: topics.enriched, fromBeginning: true });
      if (stopping) return;
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: config.partitionsConsumedConcurrently ?? 2,
        eachBatch,
      });
      started = true;
      // commitSoon and refreshLag catch and log their own errors: they cannot reject.
      timers.push(setInterval(() => void commitSoon(), config.commitIntervalMs));
      if (config.lagIntervalMs > 0) {
        timers.push(setInterval(() => void refreshLag(), config.lagIntervalMs));
        void refreshLag();
      }
      log.info(
        {
          topic: topics.enriched,
          groupId: config.groupId,
          readAlias: names.readAlias,
          retention,
        },
        'sink started',
      );
    },

    stop(flushMs?: number) {
      const totalMs = Math.max(0, config.shutdownGraceMs - STOP_MARGIN_MS);
      // Idempotent: a second caller waits for the same stop.
      stopped ??= shutDown(flushMs ?? totalMs * FLUSH_SHARE, totalMs);
      return stopped;
    },

    stats() {
      return {
        ...totals,
        buffered: indexer.buffered,
        pendingOffsets: tracker.pending(),
        bulkLimit: indexer.limits,
      };
    },
  };
}
