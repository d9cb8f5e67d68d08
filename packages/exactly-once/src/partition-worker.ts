import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import kafkajs from 'kafkajs';
import { restoreState, type SymbolState } from '@marketfeed/indicators';

const { Partitioners } = kafkajs;

/**
 * Changelog key of the per-partition checkpoint: the raw offset the partition's state is valid
 * up to. Written in the same transaction as the state, so the two can never disagree. Symbols
 * cannot start with `_` (schema SYMBOL_PATTERN), so it never collides with a symbol.
 */
export const CHECKPOINT_KEY = '__checkpoint__';

/**
 * The broker answers CONCURRENT_TRANSACTIONS to the next transaction's AddPartitionsToTxn until the
 * previous commit's markers are written (a few ms). With the client-wide 300 ms initial backoff
 * every back-to-back transaction paid ~300 ms; the Java client retries this case after 20 ms.
 */
export const TRANSACTIONAL_RETRY = {
  initialRetryTime: 15,
  maxRetryTime: 5_000,
  retries: 12,
  factor: 0.2,
  multiplier: 2,
};

export type WorkerStatus = 'preparing' | 'ready' | 'recovering' | 'fenced' | 'failed' | 'released';

/**
 * One raw partition this instance owns: its per-symbol state, the raw offset that state is valid
 * up to, and (exactly-once) its own transactional producer. The transactional id is derived from
 * the input partition, so whichever instance owns the partition next fences this one when it
 * initialises its producer (kafkajs has no KIP-447 group-metadata fencing).
 */
export class PartitionWorker {
  status: WorkerStatus = 'preparing';
  states = new Map<string, SymbolState>();
  /** Raw offset of the next record to process; the changelog checkpoint once restored. */
  nextOffset: bigint | null = null;
  checkpointFromChangelog: bigint | null = null;
  producer: Producer | undefined;
  ready: Promise<void> = Promise.resolve();
  lastError: Error | undefined;
  consecutiveFailures = 0;

  constructor(
    readonly partition: number,
    readonly transactionalId: string | undefined,
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
    const producer = kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: transactionTimeoutMs,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: TRANSACTIONAL_RETRY,
    });
    await producer.connect();
    this.producer = producer;
    const txn = await producer.transaction();
    await txn.abort();
    // Revoked while initialising: close it rather than leak a connected producer.
    if (this.status === 'released') await this.disconnectProducer();
  }

  /** Starts a restore from scratch: state is rebuilt only from the changelog. */
  resetState(): void {
    this.states = new Map();
    this.restoring = new Map();
    this.checkpointFromChangelog = null;
  }

  /**
   * Until compaction runs, the changelog holds every version of a symbol's state; keep only the
   * latest bytes per key while reading and parse once at the end.
   */
  private restoring = new Map<string, Buffer | null>();

  applyChangelogRecord(message: KafkaMessage): void {
    const key = message.key?.toString('utf8');
    if (key === undefined) return;
    if (key === CHECKPOINT_KEY) {
      if (message.value) this.checkpointFromChangelog = BigInt(message.value.toString('utf8'));
      return;
    }
    this.restoring.set(key, message.value);
  }

  finishRestore(): void {
    for (const [key, value] of this.restoring) {
      if (value === null) this.states.delete(key);
      else this.states.set(key, restoreState(value.toString('utf8')));
    }
    this.restoring = new Map();
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
