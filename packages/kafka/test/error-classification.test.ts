import { describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import {
  classifyKafkaError,
  isFencingError,
  isKafkaAuthError,
  KAFKA_ERROR_CLASSES,
} from '../src/errors.js';

const {
  KafkaJSProtocolError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSSASLAuthenticationError,
} = kafkajs;

/** A broker error as kafkajs builds it from a response code. */
const protocolError = (type: string, code: number) =>
  Object.assign(new KafkaJSProtocolError(type), { type, code });

describe('Kafka error classification', () => {
  it.each([
    [29, 'TOPIC_AUTHORIZATION_FAILED', 'auth'],
    [30, 'GROUP_AUTHORIZATION_FAILED', 'auth'],
    [31, 'CLUSTER_AUTHORIZATION_FAILED', 'auth'],
    [53, 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'auth'],
    [58, 'SASL_AUTHENTICATION_FAILED', 'auth'],
    [47, 'INVALID_PRODUCER_EPOCH', 'fenced'],
    [49, 'INVALID_PRODUCER_ID_MAPPING', 'fenced'],
    [90, 'PRODUCER_FENCED', 'fenced'],
    [51, 'CONCURRENT_TRANSACTIONS', 'other'],
    [15, 'COORDINATOR_NOT_AVAILABLE', 'other'],
    [16, 'NOT_COORDINATOR', 'other'],
    [6, 'NOT_LEADER_FOR_PARTITION', 'other'],
    [3, 'UNKNOWN_TOPIC_OR_PARTITION', 'other'],
  ])('code %i (%s) is %s', (code, type, cls) => {
    expect(classifyKafkaError(protocolError(type, code))).toBe(cls);
    // The same by code alone, as kafkajs 2.2 reports codes it has no name for.
    expect(
      classifyKafkaError(
        Object.assign(new Error('x'), { type: 'KAFKAJS_UNKNOWN_ERROR_CODE', code }),
      ),
    ).toBe(cls);
  });

  it('lists every code it treats in the table the test above walks', () => {
    const listed = [
      ...Object.keys(KAFKA_ERROR_CLASSES.auth),
      ...Object.keys(KAFKA_ERROR_CLASSES.fenced),
    ].map(Number);
    expect(listed.sort((a, b) => a - b)).toEqual([29, 30, 31, 47, 49, 53, 58, 90]);
  });

  it('sees a fence or a denial through kafkajs wrappers', () => {
    const fenced = protocolError('INVALID_PRODUCER_EPOCH', 47);
    expect(
      isFencingError(new KafkaJSNumberOfRetriesExceeded(fenced, { retryCount: 3, retryTime: 100 })),
    ).toBe(true);
    const denied = protocolError('TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 53);
    // What kafkajs' retrier rejects with when it bails on a non-retriable error.
    const wrapped = Object.assign(new KafkaJSNonRetriableError(denied), { cause: denied });
    expect(isKafkaAuthError(wrapped)).toBe(true);
    expect(isFencingError(wrapped)).toBe(false);
  });

  it("reads kafkajs' own fenced-producer message as a fence", () => {
    expect(
      isFencingError(new KafkaJSNonRetriableError('Transaction producer has been fenced')),
    ).toBe(true);
  });

  it('treats a SASL handshake failure as an auth error', () => {
    // Its typings declare no arguments, but kafkajs builds it from the broker's message.
    const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
    expect(isKafkaAuthError(new SaslError('bad password'))).toBe(true);
  });

  it('does not treat transient or unknown errors as a fence or a denial', () => {
    for (const err of [
      new KafkaJSError('connection closed'),
      new Error('boom'),
      Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      undefined,
    ]) {
      expect(isFencingError(err)).toBe(false);
      expect(isKafkaAuthError(err)).toBe(false);
    }
  });
});
