import type { ProducerConfig } from 'kafkajs';
import kafkajs from 'kafkajs';

const { Partitioners } = kafkajs;

/**
 * The broker answers CONCURRENT_TRANSACTIONS to the next transaction's AddPartitionsToTxn until the
 * previous commit's markers are written (a few ms). With the client-wide 300 ms initial backoff
 * every back-to-back transaction paid ~300 ms; the Java client retries this case after 20 ms.
 *
 * Retries are not capped by count: an idempotent producer that gives up on a retriable error may
 * leave a sequence gap (hence kafkajs' "Limiting retries ... may invalidate EoS guarantees"). What
 * bounds a stuck send instead is the transaction: past `transactionTimeout` the broker aborts it
 * and bumps the epoch, and the next retry fails for good with a fence; and a member that stops
 * heartbeating loses its partitions, whose next owner fences it.
 */
export const TRANSACTIONAL_RETRY = {
  initialRetryTime: 15,
  maxRetryTime: 5_000,
  retries: Number.MAX_SAFE_INTEGER,
  factor: 0.2,
  multiplier: 2,
};

/** One input partition's transactional producer (exactly-once). */
export function transactionalProducerConfig(
  transactionalId: string,
  transactionTimeoutMs: number,
): ProducerConfig {
  return {
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeout: transactionTimeoutMs,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: TRANSACTIONAL_RETRY,
  };
}

/** The single idempotent producer of at-least-once delivery. */
export function idempotentProducerConfig(): ProducerConfig {
  return {
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: TRANSACTIONAL_RETRY,
  };
}
