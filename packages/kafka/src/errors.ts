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

const AUTH_TYPES = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);

/** True for SASL authentication failures and ACL denials (kafkajs error `type`). */
export function isKafkaAuthError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const type = (e as { type?: string }).type;
    const name = (e as { name?: string }).name;
    if ((type && AUTH_TYPES.has(type)) || name === 'KafkaJSSASLAuthenticationError') return true;
    e =
      (e as { cause?: unknown; originalError?: unknown }).originalError ??
      (e as { cause?: unknown }).cause;
  }
  return false;
}
