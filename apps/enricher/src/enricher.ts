import type { Admin, Consumer, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import kafkajs from 'kafkajs';
import { serializeState } from '@marketfeed/indicators';
import { topicCatalog, type TopicCatalog } from '@marketfeed/kafka';
import type { Logger, Readiness, Registry } from '@marketfeed/service';
import type { EnricherConfig } from './config.js';
import { CorporateActionsFollower } from './corporate-actions-follower.js';
import {
  emptyOutput,
  enrichRecords,
  type EnrichOutput,
  type OutputRecord,
} from './enrich-records.js';
import { isFencingError } from './kafka-errors.js';
import { createEnricherMetrics, type EnricherMetrics } from './metrics.js';
import { readPartitionsToEnd } from './partition-end-reader.js';
import { CHECKPOINT_KEY, PartitionWorker, TRANSACTIONAL_RETRY } from './partition-worker.js';

const { Partitioners } = kafkajs;
/** kafkajs' default: how long a member may take to rejoin once a rebalance starts. */
const KAFKAJS_REBALANCE_TIMEOUT_MS = 60_000;
const MAX_CONSECUTIVE_FAILURES = 8;

export type EnricherSettings = Pick<
  EnricherConfig,
  | 'groupId'
  | 'transactionalIdPrefix'
  | 'enrich'
  | 'transactionMaxMs'
  | 'transactionMaxRecords'
  | 'transactionTimeoutMs'
  | 'delivery'
> & { topicPrefix: string; sessionTimeoutMs?: number; restoreTimeoutMs?: number };

export interface EnricherDeps {
  settings: EnricherSettings;
  kafka: Kafka;
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
  /** Called when the enricher cannot go on (consumer crashed for good); main exits non-zero. */
  onFatal?: (err: Error) => void;
  now?: () => Date;
}

export interface Enricher {
  start(): Promise<void>;
  /** Leaves the group after the batch in flight is committed, then releases every partition. */
  stop(): Promise<void>;
  readonly metrics: EnricherMetrics;
  /** Raw partitions owned right now and whether each is ready (tests, /readyz detail). */
  partitions(): Array<{ partition: number; status: string }>;
}

/** Setup problems an operator must fix (not retried). */
export class EnricherSetupError extends Error {
  readonly retriable = false;
  override name = 'EnricherSetupError';
}

/**
 * kafkajs puts one request's messages for a partition into one record batch, and the broker
 * rejects a batch above `max.message.bytes` (1 MiB by default, on MSK too) with a non-retriable
 * error. A transaction may span many requests, so its records are sent in requests of at most
 * this many bytes, whatever TRANSACTION_MAX_RECORDS is.
 */
export const MAX_REQUEST_BYTES = 512 * 1024;

export function splitBySize(
  topics: ReadonlyArray<{ topic: string; records: readonly OutputRecord[] }>,
  maxBytes = MAX_REQUEST_BYTES,
): Array<Array<{ topic: string; messages: Message[] }>> {
  const requests: Array<Array<{ topic: string; messages: Message[] }>> = [];
  let current: Array<{ topic: string; messages: Message[] }> = [];
  let bytes = 0;
  for (const { topic, records } of topics) {
    let entry: { topic: string; messages: Message[] } | undefined;
    for (const r of records) {
      // UTF-16 length is a close enough upper bound for the JSON we write (ASCII in practice).
      const size = r.value.length + (r.key?.length ?? 0) + 64;
      if (bytes > 0 && bytes + size > maxBytes) {
        requests.push(current);
        current = [];
        bytes = 0;
        entry = undefined;
      }
      if (!entry) {
        entry = { topic, messages: [] };
        current.push(entry);
      }
      const m: Message = { key: r.key, value: r.value };
      if (r.headers) m.headers = r.headers;
      if (r.partition !== undefined) m.partition = r.partition;
      entry.messages.push(m);
      bytes += size;
    }
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

export function createEnricher(deps: EnricherDeps): Enricher {
  const { kafka, logger, settings } = deps;
  const log = logger.child({ component: 'enricher' });
  const metrics = createEnricherMetrics(deps.registry);
  const topics: TopicCatalog = topicCatalog(settings.topicPrefix);
  const rawTopic = topics.raw.name;
  const stateTopic = topics.enricherState.name;
  const exactlyOnce = settings.delivery === 'exactly-once';
  const now = deps.now ?? (() => new Date());
  const restoreTimeoutMs = settings.restoreTimeoutMs ?? 120_000;

  const workers = new Map<number, PartitionWorker>();
  let admin: Admin | undefined;
  let consumer: Consumer | undefined;
  let sharedProducer: Producer | undefined;
  let follower: CorporateActionsFollower | undefined;
  let memberId: string | undefined;
  let joined = false;
  let stopping = false;

  deps.readiness.register('enricher', () => {
    if (!joined) return { ok: false, detail: 'not a member of the consumer group' };
    const pending = [...workers.values()].filter((w) => w.status !== 'ready');
    if (pending.length > 0) {
      return {
        ok: false,
        detail: `partitions not ready: ${pending.map((w) => `${w.partition}:${w.status}`).join(', ')}`,
      };
    }
    return {
      ok: true,
      detail: `partitions ${[...workers.keys()].sort((a, b) => a - b).join(',') || 'none'}`,
    };
  });

  function countSymbols(): void {
    let n = 0;
    for (const w of workers.values()) n += w.states.size;
    metrics.symbols.set(n);
  }

  function transactionalIdFor(partition: number): string | undefined {
    return exactlyOnce ? `${settings.transactionalIdPrefix}-${rawTopic}-${partition}` : undefined;
  }

  /** Where a partition resumes when its changelog holds no checkpoint yet: the group's commit, else the log start. */
  async function fallbackOffsets(partitions: number[]): Promise<Map<number, bigint>> {
    const a = admin!;
    const [committed, bounds] = await Promise.all([
      a.fetchOffsets({ groupId: settings.groupId, topics: [rawTopic] }),
      a.fetchTopicOffsets(rawTopic),
    ]);
    const out = new Map<number, bigint>();
    for (const p of partitions) {
      const c = committed[0]?.partitions.find((x) => x.partition === p);
      const low = bounds.find((x) => x.partition === p)?.low ?? '0';
      out.set(p, c && BigInt(c.offset) >= 0n ? BigInt(c.offset) : BigInt(low));
    }
    return out;
  }

  /**
   * Makes partitions ready: fence the previous owner (new producer epoch), read the changelog to
   * its end, then rewind the consumer to the checkpoint stored with that state. The consumer's
   * own committed offset is not trusted for this: without KIP-447 it can be read before the
   * previous owner's last transaction completed.
   */
  async function prepare(batch: PartitionWorker[]): Promise<void> {
    const started = Date.now();
    await Promise.all(batch.map((w) => w.initProducer(kafka, settings.transactionTimeoutMs)));
    for (const w of batch) w.resetState();
    const byPartition = new Map(batch.map((w) => [w.partition, w]));
    await readPartitionsToEnd({
      kafka,
      admin: admin!,
      topic: stateTopic,
      partitions: batch.map((w) => w.partition),
      groupPrefix: settings.groupId,
      timeoutMs: restoreTimeoutMs,
      onMessage: (p, m) => byPartition.get(p)?.applyChangelogRecord(m),
    });
    for (const w of batch) w.finishRestore();
    const missing = batch.filter((w) => w.checkpointFromChangelog === null).map((w) => w.partition);
    const fallback =
      missing.length > 0 ? await fallbackOffsets(missing) : new Map<number, bigint>();
    for (const w of batch) {
      if (workers.get(w.partition) !== w || w.status === 'released') continue;
      w.nextOffset = w.checkpointFromChangelog ?? fallback.get(w.partition) ?? 0n;
      consumer!.seek({ topic: rawTopic, partition: w.partition, offset: w.nextOffset.toString() });
      // It may have been paused while fenced under a previous owner's epoch.
      consumer!.resume([{ topic: rawTopic, partitions: [w.partition] }]);
      metrics.restoredSymbols.inc(w.states.size);
      w.status = 'ready';
    }
    countSymbols();
    log.info(
      {
        partitions: batch.map((w) => ({
          partition: w.partition,
          symbols: w.states.size,
          resumeAt: w.nextOffset?.toString(),
        })),
        ms: Date.now() - started,
      },
      'partitions restored from changelog',
    );
  }

  function startPrepare(batch: PartitionWorker[]): void {
    const promise = prepare(batch).catch((err: unknown) => {
      for (const w of batch) {
        if (w.status !== 'released') {
          w.status = 'failed';
          w.lastError = err as Error;
        }
      }
      log.error(
        { err, partitions: batch.map((w) => w.partition) },
        'restoring partitions failed; will retry',
      );
    });
    for (const w of batch) w.ready = promise;
  }

  function release(w: PartitionWorker): void {
    void w.release().then(countSymbols);
    metrics.lag.remove({ topic: rawTopic, partition: String(w.partition) });
  }

  /** On every (re)join: keep partitions we still own, release the rest, prepare the new ones. */
  function onGroupJoin(payload: {
    memberId: string;
    memberAssignment: Record<string, number[]>;
  }): void {
    const assigned = new Set(payload.memberAssignment[rawTopic] ?? []);
    // A new member id means we were out of the group: someone may have owned our partitions since.
    const sameMember = payload.memberId === memberId;
    memberId = payload.memberId;
    for (const [p, w] of workers) {
      if (!assigned.has(p) || !sameMember || w.status === 'fenced' || w.status === 'failed') {
        workers.delete(p);
        release(w);
      }
    }
    const fresh: PartitionWorker[] = [];
    for (const p of assigned) {
      if (workers.has(p)) continue;
      const w = new PartitionWorker(p, transactionalIdFor(p));
      workers.set(p, w);
      fresh.push(w);
    }
    metrics.assignedPartitions.set(assigned.size);
    joined = true;
    log.info(
      { assigned: [...assigned].sort((a, b) => a - b), fresh: fresh.map((w) => w.partition) },
      'joined consumer group',
    );
    if (fresh.length > 0) startPrepare(fresh);
  }

  async function waitReady(w: PartitionWorker, heartbeat: () => Promise<void>): Promise<void> {
    const pending = (): boolean =>
      w.status === 'preparing' || w.status === 'recovering' || w.status === 'failed';
    for (let attempt = 0; pending() && workers.get(w.partition) === w; attempt++) {
      if (w.status === 'failed') {
        if (attempt > 5)
          throw w.lastError ?? new Error(`partition ${w.partition} failed to restore`);
        if (attempt > 0)
          await new Promise((r) => setTimeout(r, Math.min(5_000, 200 * 2 ** attempt)));
        w.status = 'recovering';
        startPrepare([w]);
      }
      // Restoring can take a while; keep our group membership alive meanwhile.
      const beat = setInterval(() => void heartbeat().catch(() => undefined), 2_000);
      try {
        await w.ready;
      } finally {
        clearInterval(beat);
      }
    }
  }

  function transactionMessages(
    out: EnrichOutput,
    w: PartitionWorker,
    next: bigint,
  ): Array<Array<{ topic: string; messages: Message[] }>> {
    const changelog: OutputRecord[] = [];
    for (const symbol of out.changed) {
      const s = w.states.get(symbol);
      if (s) changelog.push({ key: symbol, value: serializeState(s), partition: w.partition });
    }
    changelog.push({ key: CHECKPOINT_KEY, value: next.toString(), partition: w.partition });
    return splitBySize([
      { topic: topics.enriched.name, records: out.enriched },
      { topic: topics.latest.name, records: [...out.latest.values()] },
      { topic: stateTopic, records: changelog },
      { topic: topics.dlq.name, records: out.dlq },
    ]);
  }

  /** Writes one chunk's outputs, state and offsets atomically; false if the partition must be recovered. */
  async function commit(w: PartitionWorker, out: EnrichOutput, next: bigint): Promise<boolean> {
    const requests = transactionMessages(out, w, next);
    const startedAt = performance.now();
    try {
      if (exactlyOnce) {
        if (!w.producer) throw new Error(`partition ${w.partition} has no producer`);
        const txn = await w.producer.transaction();
        try {
          for (const topicMessages of requests) await txn.sendBatch({ topicMessages, acks: -1 });
          await txn.sendOffsets({
            consumerGroupId: settings.groupId,
            topics: [
              {
                topic: rawTopic,
                partitions: [{ partition: w.partition, offset: next.toString() }],
              },
            ],
          });
          await txn.commit();
        } catch (err) {
          if (txn.isActive()) await txn.abort().catch(() => undefined);
          throw err;
        }
      } else {
        for (const topicMessages of requests)
          await sharedProducer!.sendBatch({ topicMessages, acks: -1 });
        await consumer!.commitOffsets([
          { topic: rawTopic, partition: w.partition, offset: next.toString() },
        ]);
      }
    } catch (err) {
      metrics.transactions.inc({ outcome: 'failed' });
      await onCommitFailure(w, err as Error);
      return false;
    }
    const doneAt = Date.now();
    metrics.commitSeconds.observe((performance.now() - startedAt) / 1000);
    metrics.transactions.inc({ outcome: 'committed' });
    metrics.recordsIn.inc(out.counts.in);
    metrics.duplicates.inc(out.counts.duplicates);
    metrics.ignored.inc(out.counts.ignored);
    metrics.dlq.inc(out.counts.dlq);
    metrics.recordsOut.inc({ output: 'enriched' }, out.enriched.length);
    metrics.recordsOut.inc({ output: 'latest' }, out.latest.size);
    metrics.recordsOut.inc({ output: 'dlq' }, out.dlq.length);
    metrics.recordsOut.inc({ output: 'state' }, out.changed.size);
    for (const ts of out.sourceTimestamps)
      metrics.endToEndSeconds.observe(Math.max(0, doneAt - ts) / 1000);
    w.nextOffset = next;
    w.consecutiveFailures = 0;
    countSymbols();
    return true;
  }

  /**
   * A failed transaction leaves in-memory state ahead of what was committed. Fenced: another
   * instance owns the partition now, so drop it. Anything else: rebuild the state from the
   * changelog and rewind to its checkpoint, exactly as a new owner would.
   */
  async function onCommitFailure(w: PartitionWorker, err: Error): Promise<void> {
    if (w.status === 'released' || stopping) return;
    if (isFencingError(err)) {
      log.warn(
        { partition: w.partition, err: err.message },
        'fenced: another instance owns this partition now; dropping it',
      );
      metrics.recoveries.inc({ cause: 'fenced' });
      w.status = 'fenced';
      w.states = new Map();
      await w.disconnectProducer();
      countSymbols();
      scheduleReclaim(w);
      return;
    }
    w.consecutiveFailures++;
    if (w.consecutiveFailures > MAX_CONSECUTIVE_FAILURES) {
      // The same data failing over and over is a bug or a broker limit, not bad luck: stop loudly.
      deps.onFatal?.(
        new Error(
          `partition ${w.partition}: ${w.consecutiveFailures} transactions in a row failed, last: ${err.message}`,
        ),
      );
      w.status = 'failed';
      return;
    }
    log.warn(
      { partition: w.partition, err, attempt: w.consecutiveFailures },
      'transaction failed; restoring the partition from its changelog',
    );
    metrics.recoveries.inc({ cause: 'aborted' });
    w.status = 'recovering';
    // Back off without blocking eachBatch (and with it heartbeats); waitReady awaits this promise.
    const delay = Math.min(10_000, 100 * 2 ** w.consecutiveFailures);
    w.ready = new Promise<void>((r) => setTimeout(r, delay)).then(() => {
      if (workers.get(w.partition) !== w || w.status !== 'recovering') return;
      startPrepare([w]);
      return w.ready;
    });
  }

  /**
   * A real successor owns the partition in a newer group generation, so a fenced instance gets a
   * rebalance that takes the partition away (GROUP_JOIN) within the rebalance timeout. If that
   * never comes, nobody else owns it: the fence came from a broker-side transaction timeout or an
   * operator, and we take the partition back rather than leave it stalled forever.
   */
  function scheduleReclaim(w: PartitionWorker): void {
    const session = settings.sessionTimeoutMs ?? 30_000;
    const timer = setTimeout(
      () => {
        if (stopping || workers.get(w.partition) !== w || w.status !== 'fenced' || !joined) return;
        log.warn(
          { partition: w.partition },
          'still assigned long after being fenced; reclaiming the partition',
        );
        metrics.recoveries.inc({ cause: 'reclaimed' });
        w.status = 'recovering';
        startPrepare([w]);
      },
      2 * session + KAFKAJS_REBALANCE_TIMEOUT_MS,
    );
    timer.unref();
  }

  async function eachBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
    pause,
  }: EachBatchPayload): Promise<void> {
    const fetchedAt = Date.now();
    const w = workers.get(batch.partition);
    if (!w || w.status === 'released' || w.status === 'fenced') {
      // Not ours to process until the group says so again; stop fetching it meanwhile.
      pause();
      return;
    }
    await waitReady(w, heartbeat);
    if (workers.get(batch.partition) !== w || w.status !== 'ready' || isStale()) return;
    // Every action on the topic when this batch was fetched must be in the table (see README).
    const waitStart = performance.now();
    await follower!.caughtUpSince(fetchedAt);
    metrics.actionsWaitSeconds.observe((performance.now() - waitStart) / 1000);

    const from = w.nextOffset ?? 0n;
    const messages = batch.messages.filter((m) => BigInt(m.offset) >= from);
    const ctx = {
      topic: rawTopic,
      partition: w.partition,
      states: w.states,
      actions: follower!.table,
      config: settings.enrich,
      now: () => now().toISOString(),
    };
    let i = 0;
    while (i < messages.length) {
      if (!isRunning() || isStale() || w.status !== 'ready' || workers.get(w.partition) !== w)
        return;
      const out = emptyOutput();
      const openedAt = Date.now();
      let j = i;
      const limit = Math.min(messages.length, i + settings.transactionMaxRecords);
      while (j < limit) {
        const end = Math.min(limit, j + 256);
        enrichRecords(ctx, messages.slice(j, end), out);
        j = end;
        if (Date.now() - openedAt >= settings.transactionMaxMs) break;
      }
      const last = messages[j - 1]!.offset;
      if (!(await commit(w, out, BigInt(last) + 1n))) return;
      resolveOffset(last);
      i = j;
      await heartbeat();
    }
    // Skipped records (below the checkpoint) and trailing transaction markers still move the fetch position.
    resolveOffset(batch.lastOffset());
    metrics.batchSeconds.observe((Date.now() - fetchedAt) / 1000);
    const lag = BigInt(batch.highWatermark) - (w.nextOffset ?? 0n);
    metrics.lag.set(
      { topic: rawTopic, partition: String(w.partition) },
      Number(lag > 0n ? lag : 0n),
    );
  }

  async function checkCoPartitioning(a: Admin): Promise<number> {
    const names = [rawTopic, stateTopic, topics.enriched.name, topics.latest.name];
    let meta;
    try {
      meta = await a.fetchTopicMetadata({ topics: names });
    } catch (err) {
      throw new EnricherSetupError(
        `cannot describe topics ${names.join(', ')}: ${(err as Error).message} (do they exist, and may this user describe them?)`,
      );
    }
    const count = new Map(meta.topics.map((t) => [t.name, t.partitions.length]));
    const raw = count.get(rawTopic) ?? 0;
    const state = count.get(stateTopic) ?? 0;
    if (raw === 0) throw new EnricherSetupError(`topic ${rawTopic} has no partitions`);
    if (raw !== state) {
      throw new EnricherSetupError(
        `${stateTopic} has ${state} partitions but ${rawTopic} has ${raw}: the state changelog must be co-partitioned with the raw topic (same count, key = symbol). Recreate ${stateTopic} with ${raw} partitions.`,
      );
    }
    for (const name of [topics.enriched.name, topics.latest.name]) {
      if (count.get(name) !== raw)
        log.warn(
          { topic: name, partitions: count.get(name), raw },
          'output topic is not co-partitioned with raw; per-symbol order is still kept',
        );
    }
    return raw;
  }

  return {
    metrics,
    partitions: () =>
      [...workers.values()].map((w) => ({ partition: w.partition, status: w.status })),

    async start() {
      admin = kafka.admin();
      await admin.connect();
      const rawPartitions = await checkCoPartitioning(admin);

      follower = new CorporateActionsFollower({
        kafka,
        admin,
        topic: topics.corporateActions.name,
        groupPrefix: settings.groupId,
        logger: log,
        onInvalid: (key, issues) => log.warn({ key, issues }, 'invalid corporate action ignored'),
        onAction: (action, live) => {
          if (!live || action.type === 'cash_dividend') return;
          for (const w of workers.values()) {
            const last = w.states.get(action.symbol)?.series.lastDate;
            if (last && last >= action.ex_date) {
              metrics.lateCorporateActions.inc();
              log.warn(
                { action },
                'split arrived after bars of its ex-date were enriched; those bars stay unadjusted',
              );
            }
          }
        },
      });
      await follower.start();
      await follower.caughtUpSince(Date.now());

      if (!exactlyOnce) {
        sharedProducer = kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: Partitioners.DefaultPartitioner,
          retry: TRANSACTIONAL_RETRY,
        });
        await sharedProducer.connect();
      }

      consumer = kafka.consumer({
        groupId: settings.groupId,
        readUncommitted: false,
        // The broker holds a fetch up to this long to fill it: the batching that sizes transactions.
        maxWaitTimeInMs: settings.transactionMaxMs,
        sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: Math.max(100, Math.floor((settings.sessionTimeoutMs ?? 30_000) / 10)),
      });
      const c = consumer;
      c.on(c.events.GROUP_JOIN, (e) =>
        onGroupJoin(e.payload as { memberId: string; memberAssignment: Record<string, number[]> }),
      );
      c.on(c.events.REBALANCING, () => {
        joined = false;
      });
      c.on(c.events.CRASH, (e) => {
        const { error, restart } = e.payload as { error: Error; restart: boolean };
        joined = false;
        log.error({ err: error, restart }, 'consumer crashed');
        if (!restart && !stopping) deps.onFatal?.(error);
      });
      c.on(c.events.DISCONNECT, () => {
        joined = false;
      });
      await c.connect();
      await c.subscribe({ topic: rawTopic, fromBeginning: true });
      await c.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: rawPartitions,
        eachBatch,
      });
      log.info(
        { delivery: settings.delivery, groupId: settings.groupId, rawTopic, rawPartitions },
        'enricher started',
      );
    },

    async stop() {
      stopping = true;
      joined = false;
      await consumer
        ?.disconnect()
        .catch((err: unknown) => log.warn({ err }, 'consumer disconnect failed'));
      await Promise.all([...workers.values()].map((w) => w.release()));
      workers.clear();
      await follower?.stop().catch(() => undefined);
      await sharedProducer?.disconnect().catch(() => undefined);
      await admin?.disconnect().catch(() => undefined);
    },
  };
}
