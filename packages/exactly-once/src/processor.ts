import type { Admin, Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import { isFencingError, isKafkaAuthError } from '@marketfeed/kafka';
import type { Logger, Readiness, Registry } from '@marketfeed/service';
import { createProcessorMetrics, type ProcessorMetrics } from './metrics.js';
import { readPartitionsToEnd } from './partition-end-reader.js';
import {
  CHECKPOINT_KEY,
  formatCheckpoint,
  PartitionWorker,
  StateDecodeError,
} from './partition-worker.js';
import { idempotentProducerConfig } from './producer-config.js';
import { splitBySize } from './split-by-size.js';
import { whileBeating } from './while-beating.js';
import type {
  Delivery,
  InputRecord,
  OutputRecord,
  ProcessorOutcome,
  StateCodec,
  Transform,
} from './types.js';

/** kafkajs' default: how long a member may take to rejoin once a rebalance starts. */
const KAFKAJS_REBALANCE_TIMEOUT_MS = 60_000;
/**
 * A killed instance's partitions move after the session timeout, then the survivors notice the
 * rebalance at their next heartbeat: the two together are most of a failover's stall. 6 s is the
 * broker's default `group.min.session.timeout.ms` (MSK's too), the shortest a broker accepts
 * unless configured otherwise. The cost of a short one is a spurious rebalance when an instance
 * cannot heartbeat for that long (a starved host); that costs a restore, never exactly-once.
 */
export const DEFAULT_SESSION_TIMEOUT_MS = 6_000;
/**
 * At most a third of the session timeout (Kafka's guidance: a lost heartbeat or two must not
 * expire a session); 1 s also bounds how late a survivor learns that a rebalance started.
 */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;
const MAX_CONSECUTIVE_FAILURES = 8;
/** Records handed to `transform.apply` at a time, between checks of how long applying has taken. */
const APPLY_CHUNK = 256;

export interface ProcessorTopics {
  input: string;
  /** Compacted, co-partitioned with `input` (same count, same key): per-key state + checkpoints. */
  changelog: string;
  /** Where the transform writes; only checked for co-partitioning (a warning, not an error). */
  outputs: readonly string[];
}

export interface ProcessorSettings {
  groupId: string;
  /** Each input partition gets the transactional id `<prefix>-<input topic>-<partition>`. */
  transactionalIdPrefix: string;
  delivery: Delivery;
  /**
   * The broker's fetch wait: how long input gathers before the next transaction, so it bounds
   * the latency batching adds. A fetched batch is not cut by it (see eachBatch).
   */
  transactionMaxMs: number;
  transactionMaxRecords: number;
  /** Broker-side transaction timeout: how long a crashed instance's open transaction can block readers. */
  transactionTimeoutMs: number;
  /** Default DEFAULT_SESSION_TIMEOUT_MS. */
  sessionTimeoutMs?: number;
  /** Default DEFAULT_HEARTBEAT_INTERVAL_MS, at most a third of the session timeout. */
  heartbeatIntervalMs?: number;
  restoreTimeoutMs?: number;
  /**
   * How often a partition's transaction also writes a snapshot: the state of every key changed
   * since the previous one plus the checkpoint. Other transactions write outputs, offsets and the
   * committed offset only; a restore re-applies the input after the checkpoint. 0 (the default):
   * every transaction is a snapshot.
   */
  snapshotEveryMs?: number;
}

export interface ProcessorDeps<S, T> {
  /** Names the readiness check, the log component and the metrics (`<name>_transactions_total`). */
  name: string;
  /** What a state key is, for metric names (`<name>_<keys>`). */
  keys: string;
  topics: ProcessorTopics;
  settings: ProcessorSettings;
  transform: Transform<S, T>;
  codec: StateCodec<S>;
  kafka: Kafka;
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
  /** Awaited before a fetched batch is transformed (e.g. until a side table is read to its end). */
  beforeBatch?: (fetchedAt: number) => Promise<void>;
}

export interface ExactlyOnceProcessor<S> {
  start(): Promise<void>;
  /** Leaves the group after the batch in flight is committed, then releases every partition. Idempotent. */
  stop(): Promise<void>;
  /** Settles when the processor cannot go on (never rejects); `stop()` does not settle it. */
  readonly done: Promise<ProcessorOutcome>;
  readonly metrics: ProcessorMetrics;
  /** Input partitions owned right now and whether each is ready (tests, /readyz detail). */
  partitions(): Array<{ partition: number; status: string }>;
  /** The state held for a key, whichever owned partition it is in. */
  stateOf(key: string): S | undefined;
}

/** Setup problems an operator must fix (not retried). */
export class ProcessorSetupError extends Error {
  readonly retriable = false;
  override name = 'ProcessorSetupError';
}

/**
 * Consume → transform → produce, exactly once: one transactional producer per input partition
 * writes the transform's outputs, the changed keys' state and a checkpoint to a co-partitioned
 * changelog, and the input offsets, in one transaction. A new owner fences the old one, restores
 * the state from the changelog and resumes at the checkpoint.
 */
export function createExactlyOnceProcessor<S, T>(
  deps: ProcessorDeps<S, T>,
): ExactlyOnceProcessor<S> {
  const { kafka, settings, transform, topics } = deps;
  const sessionTimeoutMs = settings.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  const heartbeatIntervalMs =
    settings.heartbeatIntervalMs ??
    Math.min(DEFAULT_HEARTBEAT_INTERVAL_MS, Math.floor(sessionTimeoutMs / 3));
  if (heartbeatIntervalMs * 3 > sessionTimeoutMs)
    throw new ProcessorSetupError(
      `heartbeatIntervalMs (${heartbeatIntervalMs}) must be at most a third of sessionTimeoutMs (${sessionTimeoutMs})`,
    );
  const log = deps.logger.child({ component: deps.name });
  const metrics = createProcessorMetrics(deps.registry, deps.name, deps.keys);
  const inputTopic = topics.input;
  const changelogTopic = topics.changelog;
  const exactlyOnce = settings.delivery === 'exactly-once';
  const restoreTimeoutMs = settings.restoreTimeoutMs ?? 120_000;
  const snapshotEveryMs = settings.snapshotEveryMs ?? 0;

  const workers = new Map<number, PartitionWorker<S>>();
  let admin: Admin | undefined;
  let consumer: Consumer | undefined;
  let sharedProducer: Producer | undefined;
  let memberId: string | undefined;
  let joined = false;
  let stopping = false;

  let settle!: (outcome: ProcessorOutcome) => void;
  const done = new Promise<ProcessorOutcome>((resolve) => (settle = resolve));
  let failed = false;
  /** The processor cannot go on: report it once through `done`; the service stops it. */
  function fail(error: Error): void {
    if (failed || stopping) return;
    failed = true;
    settle({ kind: 'failed', error });
  }

  deps.readiness.register(deps.name, () => {
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

  function countKeys(): void {
    let n = 0;
    for (const w of workers.values()) n += w.states.size;
    metrics.keys.set(n);
  }

  function transactionalIdFor(partition: number): string | undefined {
    return exactlyOnce ? `${settings.transactionalIdPrefix}-${inputTopic}-${partition}` : undefined;
  }

  /** Where a partition resumes when its changelog holds no checkpoint yet: the group's commit, else the log start. */
  async function fallbackOffsets(partitions: number[]): Promise<Map<number, bigint>> {
    const a = admin!;
    const [committed, bounds] = await Promise.all([
      a.fetchOffsets({ groupId: settings.groupId, topics: [inputTopic] }),
      a.fetchTopicOffsets(inputTopic),
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
  async function prepare(batch: PartitionWorker<S>[]): Promise<void> {
    const started = Date.now();
    for (const w of batch) w.resetState();
    let fencedAt = started;
    const fenced = Promise.all(
      batch.map((w) => w.initProducer(kafka, settings.transactionTimeoutMs)),
    ).then(() => {
      fencedAt = Date.now();
    });
    const byPartition = new Map(batch.map((w) => [w.partition, w]));
    // The changelog reader connects and joins its group while the fence runs (half a failover's
    // restore on a loaded host); it takes the end offsets only once the fence is done.
    await Promise.all([
      fenced,
      readPartitionsToEnd({
        kafka,
        admin: admin!,
        topic: changelogTopic,
        partitions: batch.map((w) => w.partition),
        groupPrefix: settings.groupId,
        timeoutMs: restoreTimeoutMs,
        onMessage: (p, m) => byPartition.get(p)?.applyChangelogRecord(m),
        endsAfter: fenced,
      }),
    ]);
    const readAt = Date.now();
    for (const w of batch) w.finishRestore();
    const resume = new Map(batch.map((w) => [w, w.resumePoint()]));
    const missing = batch.filter((w) => resume.get(w) === null).map((w) => w.partition);
    const fallback =
      missing.length > 0 ? await fallbackOffsets(missing) : new Map<number, bigint>();
    for (const w of batch) {
      if (workers.get(w.partition) !== w || w.status === 'released') continue;
      const point = resume.get(w);
      w.nextOffset = point?.from ?? fallback.get(w.partition) ?? 0n;
      w.replayUntil = point?.replayUntil ?? null;
      consumer!.seek({
        topic: inputTopic,
        partition: w.partition,
        offset: w.nextOffset.toString(),
      });
      // It may have been paused while fenced under a previous owner's epoch.
      consumer!.resume([{ topic: inputTopic, partitions: [w.partition] }]);
      metrics.restoredKeys.inc(w.states.size);
      w.status = 'ready';
    }
    countKeys();
    log.info(
      {
        partitions: batch.map((w) => ({
          partition: w.partition,
          keys: w.states.size,
          resumeAt: w.nextOffset?.toString(),
          replayUntil: w.replayUntil?.toString(),
        })),
        ms: Date.now() - started,
        // Where a failover's restore time goes: fencing the previous owner, then what is left of
        // reading the changelog (its connect and join overlap the fence).
        fenceMs: fencedAt - started,
        changelogMs: readAt - fencedAt,
      },
      'partitions restored from changelog',
    );
  }

  function startPrepare(batch: PartitionWorker<S>[]): void {
    const promise = prepare(batch).catch((err: unknown) => {
      for (const w of batch) {
        if (w.status !== 'released') {
          w.status = 'failed';
          w.lastError = err as Error;
        }
      }
      // Retrying cannot fix state this code cannot read, nor a missing ACL.
      if (err instanceof StateDecodeError) {
        fail(err.cause instanceof Error ? err.cause : err);
        return;
      }
      if (isKafkaAuthError(err)) {
        fail(err as Error);
        return;
      }
      log.warn(
        { err, partitions: batch.map((w) => w.partition) },
        'restoring partitions failed; will retry',
      );
    });
    for (const w of batch) w.ready = promise;
  }

  function release(w: PartitionWorker<S>): void {
    // release() cannot reject (it drops a failed producer disconnect); the key count follows it.
    void w.release().then(countKeys);
    metrics.lag.remove({ topic: inputTopic, partition: String(w.partition) });
  }

  /** On every (re)join: keep partitions we still own, release the rest, prepare the new ones. */
  function onGroupJoin(payload: {
    memberId: string;
    memberAssignment: Record<string, number[]>;
  }): void {
    const assigned = new Set(payload.memberAssignment[inputTopic] ?? []);
    // A new member id means we were out of the group: someone may have owned our partitions since.
    const sameMember = payload.memberId === memberId;
    memberId = payload.memberId;
    for (const [p, w] of workers) {
      if (!assigned.has(p) || !sameMember || w.status === 'fenced' || w.status === 'failed') {
        workers.delete(p);
        release(w);
      }
    }
    const fresh: PartitionWorker<S>[] = [];
    for (const p of assigned) {
      if (workers.has(p)) continue;
      const w = new PartitionWorker<S>(p, transactionalIdFor(p), deps.codec);
      workers.set(p, w);
      fresh.push(w);
    }
    metrics.assignedPartitions.set(assigned.size);
    metrics.groupJoins.inc();
    joined = true;
    log.info(
      { assigned: [...assigned].sort((a, b) => a - b), fresh: fresh.map((w) => w.partition) },
      'joined consumer group',
    );
    if (fresh.length > 0) startPrepare(fresh);
  }

  async function waitReady(w: PartitionWorker<S>, heartbeat: () => Promise<void>): Promise<void> {
    const pending = (): boolean =>
      w.status === 'preparing' || w.status === 'recovering' || w.status === 'failed';
    for (let attempt = 0; pending() && workers.get(w.partition) === w && !failed; attempt++) {
      if (w.status === 'failed') {
        if (attempt > 5)
          throw w.lastError ?? new Error(`partition ${w.partition} failed to restore`);
        if (attempt > 0)
          await new Promise((r) => setTimeout(r, Math.min(5_000, 200 * 2 ** attempt)));
        w.status = 'recovering';
        startPrepare([w]);
      }
      // Restoring can take a while; keep our group membership alive meanwhile.
      await whileBeating(heartbeat, heartbeatIntervalMs, () => w.ready);
    }
  }

  /**
   * The changelog records of a transaction up to input offset `next`: in a snapshot, the state of
   * every key changed since the previous snapshot; always the checkpoint, which says up to where
   * that state is valid and up to where outputs are committed, written atomically with both.
   */
  function changelogRecords(
    w: PartitionWorker<S>,
    snapshot: boolean,
    next: bigint,
  ): OutputRecord[] {
    const changelog: OutputRecord[] = [];
    if (snapshot) {
      for (const key of w.dirty) {
        const s = w.states.get(key);
        if (s !== undefined)
          changelog.push({ key, value: deps.codec.encode(s), partition: w.partition });
      }
    }
    // An owner's first commit is a snapshot, so snapshotOffset is set for every later one.
    const checkpoint = { snapshot: snapshot ? next : (w.snapshotOffset ?? next), committed: next };
    changelog.push({
      key: CHECKPOINT_KEY,
      value: formatCheckpoint(checkpoint),
      partition: w.partition,
    });
    return changelog;
  }

  /**
   * Applies input an earlier owner already committed, to rebuild the state the last snapshot
   * does not hold; what the transform emits is dropped (it is already in the output topics).
   * The transform is deterministic, so the rebuilt state equals the one the outputs came from.
   */
  function replay(w: PartitionWorker<S>, messages: readonly InputRecord[]): void {
    for (let i = 0; i < messages.length; i += APPLY_CHUNK) {
      const acc = transform.begin(w.partition);
      transform.apply(acc, messages.slice(i, i + APPLY_CHUNK), w.states, w.partition);
      for (const key of transform.end(acc).changedKeys) w.dirty.add(key);
    }
    if (messages.length > 0) w.nextOffset = BigInt(messages[messages.length - 1]!.offset) + 1n;
    metrics.replayedRecords.inc(messages.length);
  }

  /** Writes one transaction's outputs, state and offsets atomically; false if the partition must be recovered. */
  async function commit(w: PartitionWorker<S>, acc: T, next: bigint): Promise<boolean> {
    const out = transform.end(acc);
    for (const key of out.changedKeys) w.dirty.add(key);
    const now = Date.now();
    const snapshot = now - w.lastSnapshotAt >= snapshotEveryMs;
    const changelog = changelogRecords(w, snapshot, next);
    const requests = splitBySize([...out.topics, { topic: changelogTopic, records: changelog }]);
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
                topic: inputTopic,
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
          { topic: inputTopic, partition: w.partition, offset: next.toString() },
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
    transform.committed?.(acc, doneAt);
    if (snapshot) {
      metrics.snapshots.inc();
      metrics.snapshotKeys.inc(changelog.length - 1);
      w.dirty = new Set();
      w.lastSnapshotAt = now;
      w.snapshotOffset = next;
    }
    w.nextOffset = next;
    w.consecutiveFailures = 0;
    countKeys();
    return true;
  }

  /**
   * A failed transaction leaves in-memory state ahead of what was committed. Fenced: another
   * instance owns the partition now, so drop it. Anything else: rebuild the state from the
   * changelog and rewind to its checkpoint, exactly as a new owner would.
   */
  async function onCommitFailure(w: PartitionWorker<S>, err: Error): Promise<void> {
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
      countKeys();
      scheduleReclaim(w);
      return;
    }
    if (isKafkaAuthError(err)) {
      // An ACL was taken away: retrying cannot help, the operator must fix it.
      w.status = 'failed';
      fail(err);
      return;
    }
    w.consecutiveFailures++;
    if (w.consecutiveFailures > MAX_CONSECUTIVE_FAILURES) {
      // The same data failing over and over is a bug or a broker limit, not bad luck: stop loudly.
      w.status = 'failed';
      fail(
        new Error(
          `partition ${w.partition}: ${w.consecutiveFailures} transactions in a row failed, last: ${err.message}`,
          { cause: err },
        ),
      );
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
  function scheduleReclaim(w: PartitionWorker<S>): void {
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
      2 * sessionTimeoutMs + KAFKAJS_REBALANCE_TIMEOUT_MS,
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
    if (deps.beforeBatch) await deps.beforeBatch(fetchedAt);

    const from = w.nextOffset ?? 0n;
    let messages = batch.messages.filter((m) => BigInt(m.offset) >= from);
    if (w.replayUntil !== null) {
      const until = w.replayUntil;
      const already = messages.filter((m) => BigInt(m.offset) < until);
      messages = messages.slice(already.length);
      try {
        replay(w, already);
      } catch (err) {
        w.status = 'failed';
        fail(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      // Done once input at or past the committed offset shows up (or the batch ends there: the
      // last records before it may be transaction markers, which never reach eachBatch).
      if (messages.length > 0 || BigInt(batch.lastOffset()) + 1n >= until) {
        w.replayUntil = null;
        if ((w.nextOffset ?? 0n) < until) w.nextOffset = until;
      }
      await heartbeat();
    }
    let i = 0;
    while (i < messages.length) {
      if (!isRunning() || isStale() || w.status !== 'ready' || workers.get(w.partition) !== w)
        return;
      const acc = transform.begin(w.partition);
      const openedAt = Date.now();
      let j = i;
      const limit = Math.min(messages.length, i + settings.transactionMaxRecords);
      try {
        // A fetched batch is one transaction: its records are all here, so cutting it would only
        // add a serial commit that its later records (and the next fetch, which kafkajs holds
        // until every partition's batch is done) wait for. With a cold JIT on a loaded host the
        // old 100 ms cut (TRANSACTION_MAX_MS) split the first batches in two, 1-2 s per commit.
        // Only an apply as long as a heartbeat interval is cut: it runs synchronously, so the
        // session and the other partitions' commits wait for it.
        while (j < limit) {
          const end = Math.min(limit, j + APPLY_CHUNK);
          transform.apply(acc, messages.slice(j, end), w.states, w.partition);
          j = end;
          if (Date.now() - openedAt >= heartbeatIntervalMs) break;
        }
      } catch (err) {
        // Bad data is the transform's to turn into output (a DLQ record); a throw is a bug or
        // state this version cannot use. Neither gets better by retrying: stop, commit nothing.
        w.status = 'failed';
        fail(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      const last = messages[j - 1]!.offset;
      // A commit is several broker round trips (seconds on a starved host): beat meanwhile.
      const committed = await whileBeating(heartbeat, heartbeatIntervalMs, () =>
        commit(w, acc, BigInt(last) + 1n),
      );
      if (!committed) return;
      resolveOffset(last);
      i = j;
      await heartbeat();
    }
    // Skipped records (below the checkpoint) and trailing transaction markers still move the fetch position.
    resolveOffset(batch.lastOffset());
    metrics.batchSeconds.observe((Date.now() - fetchedAt) / 1000);
    const lag = BigInt(batch.highWatermark) - (w.nextOffset ?? 0n);
    metrics.lag.set(
      { topic: inputTopic, partition: String(w.partition) },
      Number(lag > 0n ? lag : 0n),
    );
  }

  async function checkCoPartitioning(a: Admin): Promise<number> {
    const names = [inputTopic, changelogTopic, ...topics.outputs];
    let meta;
    try {
      meta = await a.fetchTopicMetadata({ topics: names });
    } catch (err) {
      if (isKafkaAuthError(err)) throw err;
      throw new ProcessorSetupError(
        `cannot describe topics ${names.join(', ')}: ${(err as Error).message} (do they exist, and may this user describe them?)`,
      );
    }
    const count = new Map(meta.topics.map((t) => [t.name, t.partitions.length]));
    const input = count.get(inputTopic) ?? 0;
    const changelog = count.get(changelogTopic) ?? 0;
    if (input === 0) throw new ProcessorSetupError(`topic ${inputTopic} has no partitions`);
    if (input !== changelog) {
      throw new ProcessorSetupError(
        `${changelogTopic} has ${changelog} partitions but ${inputTopic} has ${input}: the state changelog must be co-partitioned with the input topic (same count, same key). Recreate ${changelogTopic} with ${input} partitions.`,
      );
    }
    for (const name of topics.outputs) {
      if (count.get(name) !== input)
        log.warn(
          { topic: name, partitions: count.get(name), input },
          'output topic is not co-partitioned with the input; per-key order is still kept',
        );
    }
    return input;
  }

  let stopped: Promise<void> | undefined;
  async function stopOnce(): Promise<void> {
    stopping = true;
    joined = false;
    await consumer
      ?.disconnect()
      .catch((err: unknown) => log.warn({ err }, 'consumer disconnect failed'));
    await Promise.all([...workers.values()].map((w) => w.release()));
    workers.clear();
    await sharedProducer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }

  return {
    metrics,
    done,
    partitions: () =>
      [...workers.values()].map((w) => ({ partition: w.partition, status: w.status })),
    stateOf(key) {
      for (const w of workers.values()) {
        const s = w.states.get(key);
        if (s !== undefined) return s;
      }
      return undefined;
    },

    async start() {
      admin = kafka.admin();
      await admin.connect();
      const inputPartitions = await checkCoPartitioning(admin);

      if (!exactlyOnce) {
        sharedProducer = kafka.producer(idempotentProducerConfig());
        await sharedProducer.connect();
      }

      consumer = kafka.consumer({
        groupId: settings.groupId,
        readUncommitted: false,
        // The broker holds a fetch up to this long to fill it: the batching that sizes transactions.
        maxWaitTimeInMs: settings.transactionMaxMs,
        sessionTimeout: sessionTimeoutMs,
        heartbeatInterval: heartbeatIntervalMs,
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
        if (!restart && !stopping) fail(error);
      });
      c.on(c.events.DISCONNECT, () => {
        joined = false;
      });
      await c.connect();
      await c.subscribe({ topic: inputTopic, fromBeginning: true });
      await c.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: inputPartitions,
        eachBatch,
      });
      log.info(
        { delivery: settings.delivery, groupId: settings.groupId, inputTopic, inputPartitions },
        `${deps.name} started`,
      );
    },

    stop() {
      stopped ??= stopOnce();
      return stopped;
    },
  };
}
