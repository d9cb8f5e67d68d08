import { describe, expect } from 'vitest';
import { barSeries } from '../test/bars.js';
import { itOnStack as it } from '../test/stack-harness.js';

describe('enriched bars become searchable documents', () => {
  it('indexes every bar with its fields and types, then commits the offsets', async ({ world }) => {
    // 90 minutes from 23:00 on Jul 31: the bars straddle two monthly indices.
    const bars = barSeries(['AMZN', 'NVDA'], 90);
    await world.produce(bars);
    const sut = await world.startSink();

    await world.waitForDocuments(bars.length, 'all bars searchable');
    await world.waitForCommitted(sut.groupId);

    const sample = bars.find((b) => b.symbol === 'NVDA' && b.timestamp === '2024-08-01T00:15:00Z')!;
    const doc = await world.os.get({
      index: `${world.indexPrefix}-bars-2024.08`,
      id: 'NVDA:2024-08-01T00:15:00Z',
    });
    expect(doc.body._source).toEqual(sample);
    expect(doc.body._version).toBe(0);

    const mapping = await world.os.indices.getMapping({
      index: `${world.indexPrefix}-bars-2024.08`,
    });
    const props = Object.values(mapping.body)[0]!.mappings.properties!;
    expect(props.timestamp?.type).toBe('date');
    expect(props.close?.type).toBe('double');
    expect(props.volume?.type).toBe('long');
    expect(props.symbol?.type).toBe('keyword');
    expect(props.indicator?.type).toBe('keyword');

    // Range and term queries work on the typed fields.
    const res = await world.os.search({
      index: `${world.indexPrefix}-bars`,
      body: {
        size: 0,
        query: {
          bool: {
            filter: [
              { term: { symbol: 'AMZN' } },
              { range: { timestamp: { gte: '2024-08-01T00:00:00Z' } } },
            ],
          },
        },
      },
    });
    expect(res.body.hits.total).toMatchObject({ value: 30 });
    expect(sut.sink.stats()).toMatchObject({
      indexed: bars.length,
      duplicates: 0,
      deadLettered: 0,
    });
    const ready = await sut.readiness.evaluate();
    expect(ready.ready).toBe(true);
  });
});
