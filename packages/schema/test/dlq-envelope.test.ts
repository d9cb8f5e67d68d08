import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, dlqEnvelope, dlqReasonHeader } from '../src/index.js';

describe('DLQ envelope', () => {
  it('keeps a UTF-8 payload as text and records where the record came from', () => {
    const e = dlqEnvelope({
      stage: 'enricher',
      reason: 'invalid raw event',
      issues: [{ path: 'o', reason: 'must be > 0' }],
      source: { topic: 'marketfeed.raw', partition: 3, offset: '42', key: 'AMZN' },
      payload: new TextEncoder().encode('{"T":"b","o":-1}'),
      at: '2024-07-11T19:49:01.000Z',
    });
    expect(e).toEqual({
      schema: 'marketfeed.dlq.v1',
      stage: 'enricher',
      reason: 'invalid raw event',
      issues: [{ path: 'o', reason: 'must be > 0' }],
      source: { topic: 'marketfeed.raw', partition: 3, offset: '42', key: 'AMZN' },
      payload: '{"T":"b","o":-1}',
      payloadEncoding: 'utf8',
      at: '2024-07-11T19:49:01.000Z',
    });
  });

  it('base64-encodes payloads that are not valid UTF-8, matching Buffer', () => {
    for (const bytes of [[0xff], [0xff, 0xfe], [0xff, 0xfe, 0x00], [0xc3, 0x28, 0x41, 0x42]]) {
      const e = dlqEnvelope({
        stage: 'ingestor',
        reason: 'x',
        payload: new Uint8Array(bytes),
        at: '2024-07-11T19:49:01Z',
      });
      expect(e.payloadEncoding).toBe('base64');
      expect(e.payload).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('fills unknown source fields with null and tolerates a tombstone', () => {
    const e = dlqEnvelope({
      stage: 'opensearch-sink',
      reason: 'tombstone',
      payload: null,
      at: '2024-07-11T19:49:01Z',
    });
    expect(e.source).toEqual({ topic: null, partition: null, offset: null, key: null });
    expect(e.payload).toBe('');
  });

  it('names its headers and shortens the reason header', () => {
    expect(DLQ_HEADERS.reason).toBe('x-marketfeed-reason');
    expect(dlqReasonHeader('bad', [{ path: 'o', reason: 'neg' }])).toBe('bad: o: neg');
    expect(dlqReasonHeader('x'.repeat(2000)).length).toBe(512);
  });
});
