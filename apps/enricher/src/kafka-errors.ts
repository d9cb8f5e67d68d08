const FENCING_TYPES = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/**
 * True when a transactional producer was fenced: a newer producer with the same transactional id
 * (the partition's next owner) has initialised. Retrying cannot help; the partition is not ours.
 * kafkajs wraps protocol errors (retries exceeded, non-retriable), so walk the cause chain.
 */
export function isFencingError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    const { type, code, name, message } = e as {
      type?: string;
      code?: number;
      name?: string;
      message?: string;
    };
    if (type && FENCING_TYPES.has(type)) return true;
    // 90 = PRODUCER_FENCED, which brokers >= 2.7 may send and kafkajs 2.2 has no name for.
    if (code === 90 || code === 47) return true;
    if (
      name === 'KafkaJSNonRetriableError' &&
      typeof message === 'string' &&
      /fenced|epoch/i.test(message)
    )
      return true;
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
