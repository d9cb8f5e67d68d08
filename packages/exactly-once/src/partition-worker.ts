import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { transactionalProducerConfig } from './producer-config.js';
import type { StateCodec } from './types.js';

/**
 * Changelog key of the per-partition checkpoint, written in every transaction. Its value is the
 * input offset the partition's state is valid up to (written in the same transaction as that
 * state, a snapshot, so the two can never disagree), then, between snapshots, `:` and the input
 * offset committed with the outputs since: a new owner restores the snapshot and re-applies input
 * from the first offset up to the second with the outputs discarded. A plain offset (every
 * snapshot, and every changelog written before snapshots) is both. State keys must never equal
 * it (the enricher's symbols cannot start with `_`).
 */
export const CHECKPOINT_KEY = '__checkpoint__';

export interface Checkpoint {
  /** The state in the changelog is valid up to here. */
  snapshot: bigint;
  /** Outputs and input offsets are committed up to here (>= snapshot). */
  committed: bigint;
}

export function formatCheckpoint({ snapshot, committed }: Checkpoint): string {
  return committed === snapshot ? snapshot.toString() : `${snapshot}:${committed}`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const [snapshot, committed] = text.split(':');
  const s = BigInt(snapshot!);
  return { snapshot: s, committed: committed === undefined ? s : BigInt(committed) };
}

export type WorkerStatus = 'preparing' | 'ready' | 'recovering' | 'fenced' | 'failed' | 'released';

/** A changelog value the codec could not decode: fatal for the service, never retried. */
export class StateDecodeError extends Error {
  override name = 'StateDecodeError';
  constructor(
    readonly partition: number,
    readonly key: string,
    override readonly cause: unknown,
  ) {
    super(
      `partition ${partition}: cannot decode the state of ${key}: ${(cause as Error)?.message ?? String(cause)}`,
    );
  }
}

/**
 * One input partition this instance owns: its per-key state, the input offset that state is valid
 * up to, and (exactly-once) its own transactional producer. The transactional id is derived from
 * the input partition, so whichever instance owns the partition next fences this one when it
 * initialises its producer (kafkajs has no KIP-447 group-metadata fencing).
 */
export class PartitionWorker<S> {
  status: WorkerStatus = 'preparing';
  states = new Map<string, S>();
  /** Input offset of the next record to process; the changelog checkpoint once restored. */
  nextOffset: bigint | null = null;
  checkpointFromChangelog: Checkpoint | null = null;
  /** Input offset of the last snapshot this owner committed (or restored). */
  snapshotOffset: bigint | null = null;
  /**
   * Input already applied to the state and committed by an earlier owner (from the checkpoint up
   * to this offset): applied again to rebuild the state, its outputs discarded. Null once past it.
   */
  replayUntil: bigint | null = null;
  /** Keys changed since the last snapshot: the next snapshot writes their state. */
  dirty = new Set<string>();
  /** -Infinity until this owner's first commit, which is always a snapshot (see resetState). */
  lastSnapshotAt = -Infinity;
  producer: Producer | undefined;
  ready: Promise<void> = Promise.resolve();
  lastError: Error | undefined;
  consecutiveFailures = 0;
  /**
   * Until compaction runs, the changelog holds every version of a key's state; keep only the
   * latest bytes per key while reading and decode once at the end.
   */
  private restoring = new Map<string, Buffer | null>();

  constructor(
    readonly partition: number,
    readonly transactionalId: string | undefined,
    private readonly codec: StateCodec<S>,
  ) {}

  /**
   * Creates and initialises this partition's transactional producer. InitProducerId bumps the
   * epoch of the transactional id: the previous owner is fenced and any transaction it left open
   * is aborted before we read the changelog. kafkajs runs it lazily on the first `transaction()`,
   * so an empty transaction is begun and aborted here to do it now.
   */
  async initProducer(kafka: Kafka, transactionTimeoutMs: number): Promise<void> {
    if (!this.transactionalId) return;
    await this.disconnectProducer();
    const producer = kafka.producer(
      transactionalProducerConfig(this.transactionalId, transactionTimeoutMs),
    );
    await producer.connect();
    this.producer = producer;
    const txn = await producer.transaction();
    await txn.abort();
    // Revoked while initialising: close it rather than leak a connected producer.
    if (this.status === 'released') await this.disconnectProducer();
  }

  /**
   * Starts a restore from scratch: state is rebuilt only from the changelog (and the input after
   * its checkpoint). The first commit after it is a snapshot, so every later checkpoint has a
   * snapshot offset of this owner's, and a replay is never longer than one snapshot interval
   * plus what this owner inherited.
   */
  resetState(): void {
    this.states = new Map();
    this.restoring = new Map();
    this.checkpointFromChangelog = null;
    this.snapshotOffset = null;
    this.replayUntil = null;
    this.dirty = new Set();
    this.lastSnapshotAt = -Infinity;
  }

  applyChangelogRecord(message: KafkaMessage): void {
    const key = message.key?.toString('utf8');
    if (key === undefined) return;
    if (key === CHECKPOINT_KEY) {
      if (message.value)
        this.checkpointFromChangelog = parseCheckpoint(message.value.toString('utf8'));
      return;
    }
    this.restoring.set(key, message.value);
  }

  /** Decodes the restored state; throws StateDecodeError if the codec refuses a value. */
  finishRestore(): void {
    for (const [key, value] of this.restoring) {
      if (value === null) {
        this.states.delete(key);
        continue;
      }
      try {
        this.states.set(key, this.codec.decode(value.toString('utf8')));
      } catch (err) {
        throw new StateDecodeError(this.partition, key, err);
      }
    }
    this.restoring = new Map();
  }

  /**
   * Where input resumes after a restore, and up to where it is replay. Null when the changelog
   * holds no checkpoint yet (the caller falls back to the group's offset or the log start).
   */
  resumePoint(): { from: bigint; replayUntil: bigint | null } | null {
    const c = this.checkpointFromChangelog;
    if (c === null) return null;
    return { from: c.snapshot, replayUntil: c.committed > c.snapshot ? c.committed : null };
  }

  async disconnectProducer(): Promise<void> {
    const p = this.producer;
    this.producer = undefined;
    if (p) await p.disconnect().catch(() => undefined);
  }

  async release(): Promise<void> {
    this.status = 'released';
    this.states = new Map();
    await this.disconnectProducer();
  }
}
