import { DLQ_HEADERS } from '@marketfeed/schema';
import { describe, expect, it } from 'vitest';
import { enrichedBar } from '../test/bars.js';
import { dlqMessage } from './dlq-writer.js';
import { decodeRecord } from './sink.js';

describe('decoding a record', () => {
  it('accepts a valid enriched bar', () => {
    const r = decodeRecord(Buffer.from(JSON.stringify(enrichedBar())));
    expect(r.ok).toBe(true);
  });

  it('turns bad JSON, tombstones and schema violations into dead letters with the issues', () => {
    expect(decodeRecord(Buffer.from('{'))).toMatchObject({
      ok: false,
      letter: { reason: 'invalid-json' },
    });
    expect(decodeRecord(null)).toMatchObject({ ok: false, letter: { reason: 'invalid-json' } });
    const bad = decodeRecord(Buffer.from(JSON.stringify({ ...enrichedBar(), close: -1 })));
    expect(bad).toMatchObject({
      ok: false,
      letter: { reason: 'invalid-enriched-bar', issues: [{ path: 'close' }] },
    });
  });
});

describe('a DLQ record', () => {
  it('keeps the original key and bytes and carries filterable headers', () => {
    const m = dlqMessage(
      {
        reason: 'opensearch-rejected',
        issues: [
          { path: 'AMZN:2024-07-11T19:49:00Z', reason: '400 mapper_parsing_exception: boom' },
        ],
        source: { topic: 'mf.enriched', partition: 2, offset: '41' },
        key: Buffer.from('AMZN'),
        value: Buffer.from('{"symbol":"AMZN"}'),
      },
      '2026-01-01T00:00:00.000Z',
    );
    expect(m.key).toEqual(Buffer.from('AMZN'));
    expect(m.headers).toMatchObject({
      [DLQ_HEADERS.stage]: 'opensearch-sink',
      [DLQ_HEADERS.sourceTopic]: 'mf.enriched',
      [DLQ_HEADERS.sourcePartition]: '2',
      [DLQ_HEADERS.sourceOffset]: '41',
    });
    expect(String(m.headers?.[DLQ_HEADERS.reason])).toMatch(
      /^opensearch-rejected: .*mapper_parsing_exception/,
    );
    expect(JSON.parse(String(m.value))).toMatchObject({
      stage: 'opensearch-sink',
      reason: 'opensearch-rejected',
      source: { topic: 'mf.enriched', partition: 2, offset: '41', key: 'AMZN' },
      payload: '{"symbol":"AMZN"}',
      payloadEncoding: 'utf8',
    });
  });
});
