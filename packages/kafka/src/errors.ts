import kafkajs from 'kafkajs';

// kafkajs is CommonJS and spreads its error classes into module.exports, which Node's ESM
// named-export detection cannot see: take them from the default export.
const { KafkaJSError } = kafkajs;

/**
 * kafkajs marks errors retriable or not; auth and authorization failures are not retriable and
 * must surface to the operator instead of looping forever.
 */
export function isRetriableKafkaError(err: unknown): boolean {
  return err instanceof KafkaJSError ? err.retriable : false;
}

/**
 * The one place that says what a broker error means to this project. By protocol code (the
 * stable identifier; kafkajs 2.2 has no name for some newer ones, e.g. 90).
 */
export const KAFKA_ERROR_CLASSES = {
  /** The principal may not do this: an operator must fix the user or its ACLs. */
  auth: {
    29: 'TOPIC_AUTHORIZATION_FAILED',
    30: 'GROUP_AUTHORIZATION_FAILED',
    31: 'CLUSTER_AUTHORIZATION_FAILED',
    /** No Write on the transactional id: a missing ACL, not a fence (a fence is 47/90). */
    53: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
    58: 'SASL_AUTHENTICATION_FAILED',
  },
  /** A newer producer with the same transactional id has initialised: the partition is not ours. */
  fenced: {
    47: 'INVALID_PRODUCER_EPOCH',
    49: 'INVALID_PRODUCER_ID_MAPPING',
    90: 'PRODUCER_FENCED',
  },
} as const;

export type KafkaErrorClass = 'auth' | 'fenced' | 'other';

const BY_TYPE = new Map<string, KafkaErrorClass>();
const BY_CODE = new Map<number, { cls: KafkaErrorClass; type: string }>();
for (const cls of ['auth', 'fenced'] as const) {
  for (const [code, type] of Object.entries(KAFKA_ERROR_CLASSES[cls])) {
    BY_CODE.set(Number(code), { cls, type });
    BY_TYPE.set(type, cls);
  }
}

/** What an error means to this project, and the broker's name for it (for the operator's line). */
export interface KafkaErrorDiagnosis {
  cls: KafkaErrorClass;
  /** The protocol error name of the link that decided, e.g. TOPIC_AUTHORIZATION_FAILED. */
  type?: string;
}

/**
 * Diagnoses an error from kafkajs. kafkajs wraps protocol errors (retries exceeded,
 * non-retriable), so the cause chain is walked; the first recognised link decides.
 */
export function diagnoseKafkaError(err: unknown): KafkaErrorDiagnosis {
  let e: unknown = err;
  for (let depth = 0; e && depth < 8; depth++) {
    const { type, code, name, message } = e as {
      type?: string;
      code?: number;
      name?: string;
      message?: string;
    };
    if (name === 'KafkaJSSASLAuthenticationError')
      return { cls: 'auth', type: KAFKA_ERROR_CLASSES.auth[58] };
    const byType = type ? BY_TYPE.get(type) : undefined;
    if (byType && type) return { cls: byType, type };
    const byCode = typeof code === 'number' ? BY_CODE.get(code) : undefined;
    if (byCode) return { cls: byCode.cls, type: byCode.type };
    // kafkajs' own transactional state machine reports a fenced producer only in words.
    if (
      name === 'KafkaJSNonRetriableError' &&
      typeof message === 'string' &&
      /fenced|epoch/i.test(message)
    )
      return { cls: 'fenced' };
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return { cls: 'other' };
}

/** Classifies an error from kafkajs (see diagnoseKafkaError). */
export function classifyKafkaError(err: unknown): KafkaErrorClass {
  return diagnoseKafkaError(err).cls;
}

/** True for SASL authentication failures and ACL denials. */
export function isKafkaAuthError(err: unknown): boolean {
  return classifyKafkaError(err) === 'auth';
}

/**
 * True when a transactional producer was fenced: a newer producer with the same transactional id
 * (the partition's next owner) has initialised. Retrying cannot help; the partition is not ours.
 */
export function isFencingError(err: unknown): boolean {
  return classifyKafkaError(err) === 'fenced';
}
