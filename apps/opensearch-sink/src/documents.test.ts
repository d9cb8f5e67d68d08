import { describe, expect, it } from 'vitest';
import { DOCUMENT_FIELDS, bulkOperation, documentId, indexNames, toDocument } from './documents.js';
import { BAR_MAPPINGS, barsIndexTemplate, retentionPolicy } from './index-design.js';
import { enrichedBar } from '../test/bars.js';

const names = indexNames('marketfeed');

describe('documents and index names', () => {
  it('ids a bar by symbol and timestamp, whatever its revision', () => {
    expect(documentId(enrichedBar({ revision: 3 }))).toBe('AMZN:2024-07-11T19:49:00Z');
  });

  it('puts a bar in the monthly index of its own UTC month', () => {
    expect(names.monthly('2024-07-31T23:59:00Z')).toBe('marketfeed-bars-2024.07');
    expect(names.monthly('2024-08-01T00:00:00Z')).toBe('marketfeed-bars-2024.08');
  });

  it('names symbol aliases under the index prefix, lowercase, without slashes', () => {
    expect(names.symbolAlias('AMZN')).toBe('marketfeed-amzn');
    expect(names.symbolAlias('BRK/B')).toBe('marketfeed-brk~b');
    expect(names.symbolAlias('BRK.B')).toBe('marketfeed-brk.b');
  });

  it('refuses a symbol alias that would collide with the bars indices or read alias', () => {
    expect(names.symbolAlias('BARS')).toBeUndefined();
    expect(names.symbolAlias('bars-2024.07')).toBeUndefined();
  });

  it('writes with external versioning from the revision, so only a newer revision overwrites', () => {
    const op = bulkOperation(enrichedBar({ revision: 2 }), names);
    const [action, doc] = op.ndjson
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(action).toEqual({
      index: {
        _index: 'marketfeed-bars-2024.07',
        _id: 'AMZN:2024-07-11T19:49:00Z',
        version: 2,
        version_type: 'external',
      },
    });
    expect(doc).toMatchObject({ symbol: 'AMZN', revision: 2 });
    expect(op.bytes).toBe(Buffer.byteLength(op.ndjson));
  });

  it('stores only the mapped fields, so an additive field upstream is not a rejection', () => {
    const bar = { ...enrichedBar(), futureField: 1 };
    expect(Object.keys(toDocument(bar))).toEqual([...DOCUMENT_FIELDS]);
  });
});

describe('index design', () => {
  it('maps every stored field, strictly', () => {
    expect(BAR_MAPPINGS.dynamic).toBe('strict');
    expect(Object.keys(BAR_MAPPINGS.properties).sort()).toEqual([...DOCUMENT_FIELDS].sort());
    expect(BAR_MAPPINGS.properties.timestamp.type).toBe('date');
    expect(BAR_MAPPINGS.properties.volume.type).toBe('long');
    expect(BAR_MAPPINGS.properties.indicator.type).toBe('keyword');
  });

  it('templates the monthly indices behind the read alias', () => {
    const t = barsIndexTemplate(names, {
      prefix: 'marketfeed',
      retentionDays: 30,
      shards: 1,
      replicas: 1,
      refreshInterval: '1s',
    });
    expect(t.index_patterns).toEqual(['marketfeed-bars-*']);
    expect(t.template.aliases).toEqual({ 'marketfeed-bars': {} });
  });

  it('deletes indices after the retention period and attaches itself to new monthly indices', () => {
    const p = retentionPolicy(names, 30).policy;
    expect(p.states[0]?.transitions[0]?.conditions.min_index_age).toBe('30d');
    expect(p.ism_template[0]?.index_patterns).toEqual(['marketfeed-bars-*']);
  });
});
