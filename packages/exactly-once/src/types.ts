/** What a transform needs of a consumed Kafka record (kafkajs `KafkaMessage` fits). */
export interface InputRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Producer/broker timestamp, epoch ms as a string. */
  timestamp: string;
}

export interface OutputRecord {
  key: string | null;
  value: string;
  headers?: Record<string, string>;
  partition?: number;
}

/** Serialises one key's state for the changelog and back. */
export interface StateCodec<S> {
  encode(state: S): string;
  /**
   * Throwing here (state written by an incompatible version, say) is fatal for the processor: the
   * service stops with this error rather than dead-lettering or silently dropping the state.
   */
  decode(text: string): S;
}

/** What one transaction writes besides the changelog. */
export interface TransactionOutput {
  /** Output records per topic, sent in this order. */
  topics: ReadonlyArray<{ topic: string; records: readonly OutputRecord[] }>;
  /** Keys whose state changed: their new state goes to the changelog with the checkpoint. */
  changedKeys: Iterable<string>;
}

/**
 * The application's logic, kept apart from Kafka. For one input partition, `apply` feeds records
 * in offset order through the per-key state (updated in place) and appends what to write to an
 * accumulator `T`; `end` says what the transaction holding those records writes. Splitting apply
 * from end lets the processor bound a transaction by time as well as count, and replay input
 * into state without emitting (what periodic snapshots need). `apply` must not throw on bad input
 * (it becomes output, e.g. a DLQ record): a throw is fatal for the processor, like a changelog
 * value the codec cannot decode.
 */
export interface Transform<S, T> {
  begin(partition: number): T;
  apply(acc: T, records: readonly InputRecord[], states: Map<string, S>, partition: number): void;
  end(acc: T): TransactionOutput;
  /** Called once the transaction holding `acc` is committed (application metrics). */
  committed?(acc: T, committedAt: number): void;
}

export type Delivery = 'exactly-once' | 'at-least-once';

/** How a processor ended on its own; the same shape as `@marketfeed/service`'s ServiceOutcome. */
export type ProcessorOutcome = { kind: 'finished' } | { kind: 'failed'; error: Error };
