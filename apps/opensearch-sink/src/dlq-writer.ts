import type { Message, Producer } from 'kafkajs';
import { isKafkaAuthError, isRetriableKafkaError } from '@marketfeed/kafka';
import { DLQ_HEADERS, dlqEnvelope, dlqReasonHeader, type Issue } from '@marketfeed/schema';
import type { Logger } from '@marketfeed/service';
import { backoffDelay } from './bulk-outcome.js';

/** Why a record was dead-lettered; also the `reason` label of `sink_dlq_records_total`. */
export type DlqReason = 'invalid-json' | 'invalid-enriched-bar' | 'opensearch-rejected';

export interface DeadLetter {
  reason: DlqReason;
  issues: Issue[];
  source: { topic: string; partition: number; offset: string };
  key: Buffer | null;
  value: Buffer | null;
}

/** Builds the DLQ record (pure): envelope value + filterable headers, original key kept. */
export function dlqMessage(letter: DeadLetter, at: string): Message {
  const key = letter.key === null ? null : letter.key.toString('utf8');
  const envelope = dlqEnvelope({
    stage: 'opensearch-sink',
    reason: letter.reason,
    issues: letter.issues,
    source: { ...letter.source, key },
    payload: letter.value === null ? null : new Uint8Array(letter.value),
    at,
  });
  return {
    key: letter.key,
    value: JSON.stringify(envelope),
    headers: {
      [DLQ_HEADERS.reason]: dlqReasonHeader(letter.reason, letter.issues),
      [DLQ_HEADERS.stage]: 'opensearch-sink',
      [DLQ_HEADERS.sourceTopic]: letter.source.topic,
      [DLQ_HEADERS.sourcePartition]: String(letter.source.partition),
      [DLQ_HEADERS.sourceOffset]: letter.source.offset,
    },
  };
}

export interface DlqWriterDeps {
  producer: Producer;
  topic: string;
  logger: Logger;
  now: () => Date;
  retryInitialMs: number;
  retryMaxMs: number;
  isStopped: () => boolean;
  onWritten: (letters: readonly DeadLetter[]) => void;
}

export class DlqWriteAbandoned extends Error {
  override name = 'DlqWriteAbandoned';
}

/**
 * Writes dead letters with acks=all and retries retriable Kafka errors until they are written:
 * the offsets behind them are committed only afterwards, so nothing is silently dropped.
 * Authorisation errors are not retried (missing ACL: the operator must act).
 */
export function createDlqWriter(deps: DlqWriterDeps) {
  return async function writeDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const at = deps.now().toISOString();
    const messages = letters.map((l) => dlqMessage(l, at));
    for (let attempt = 0; ; attempt++) {
      if (deps.isStopped()) throw new DlqWriteAbandoned('stopping: DLQ write abandoned');
      try {
        await deps.producer.send({ topic: deps.topic, acks: -1, messages });
        deps.onWritten(letters);
        return;
      } catch (err) {
        if (isKafkaAuthError(err) || !isRetriableKafkaError(err)) throw err;
        deps.logger.warn({ err, attempt, records: letters.length }, 'DLQ write failed; retrying');
        await new Promise((r) =>
          setTimeout(r, backoffDelay(attempt, deps.retryInitialMs, deps.retryMaxMs)),
        );
      }
    }
  };
}
