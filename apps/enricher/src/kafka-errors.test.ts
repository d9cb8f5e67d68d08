import { describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { isFencingError } from './kafka-errors.js';

const { KafkaJSProtocolError, KafkaJSNumberOfRetriesExceeded, KafkaJSError } = kafkajs;

/** A broker error as kafkajs builds it from a response code. */
const protocolError = (type: string, code: number) =>
  Object.assign(new KafkaJSProtocolError(type), { type, code });

describe('isFencingError', () => {
  it('recognises an epoch fence, also when kafkajs wraps it after retries', () => {
    const fenced = protocolError('INVALID_PRODUCER_EPOCH', 47);
    expect(isFencingError(fenced)).toBe(true);
    expect(
      isFencingError(new KafkaJSNumberOfRetriesExceeded(fenced, { retryCount: 3, retryTime: 100 })),
    ).toBe(true);
  });

  it('recognises PRODUCER_FENCED by code, which kafkajs 2.2 has no name for', () => {
    expect(
      isFencingError(
        Object.assign(new Error('x'), { type: 'KAFKAJS_UNKNOWN_ERROR_CODE', code: 90 }),
      ),
    ).toBe(true);
  });

  it('does not treat transient errors as a fence', () => {
    expect(isFencingError(protocolError('CONCURRENT_TRANSACTIONS', 51))).toBe(false);
    expect(isFencingError(new KafkaJSError('connection closed'))).toBe(false);
    expect(isFencingError(new Error('boom'))).toBe(false);
  });
});
