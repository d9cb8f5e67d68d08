import { describe, expect } from 'vitest';
import { DLQ_HEADERS } from '@marketfeed/schema';
import { barSeries, enrichedBar } from '../test/bars.js';
import { itOnStack as it } from '../test/stack-harness.js';

describe('poison records', () => {
  it('go to the DLQ with their reason, exactly once each, while good bars are indexed', async ({
    world,
  }) => {
    // An operator pre-created September's index with a mapping our documents do not fit (the
    // sink adds missing fields at start, but a date format is not its to change): every bar of
    // that month is a per-item 400 (mapper_parsing_exception).
    await world.os.indices.create({
      index: `${world.indexPrefix}-bars-2024.09`,
      body: {
        settings: { number_of_replicas: 0 },
        mappings: {
          dynamic: 'strict',
          properties: {
            symbol: { type: 'keyword' },
            timestamp: { type: 'date', format: 'epoch_millis' },
          },
        },
      },
    });
    const good = barSeries(['AMZN', 'NVDA'], 50);
    const notJson = ['{"symbol": "AMZN", ', 'not json at all', ''];
    const invalid = [
      JSON.stringify({ ...enrichedBar(), close: 'high' }),
      JSON.stringify({ ...enrichedBar(), schema: 'marketfeed.enriched-bar.v0' }),
      JSON.stringify({ hello: 'world' }),
      JSON.stringify({ ...enrichedBar(), high: 1, low: 2 }),
    ];
    const mappingRejected = barSeries(['AMZN'], 5, '2024-09-03T14:30:00Z');
    await world.produce([
      ...good.slice(0, 50),
      ...notJson,
      ...invalid,
      ...mappingRejected,
      ...good.slice(50),
    ]);

    const sut = await world.startSink();
    await world.waitForCommitted(sut.groupId);

    const expectedDlq = notJson.length + invalid.length + mappingRejected.length;
    // Offsets are committed only after the DLQ write was acknowledged: the count is final here.
    expect(await world.dlqRecordCount()).toBe(expectedDlq);
    expect(sut.sink.stats()).toMatchObject({ indexed: good.length, deadLettered: expectedDlq });
    expect(
      await world.count(`${world.indexPrefix}-bars-2024.07,${world.indexPrefix}-bars-2024.08`),
    ).toBe(good.length);

    const records = await world.readDlq(expectedDlq);
    const reasons = records.map((r) => r.headers[DLQ_HEADERS.reason]!.split(':')[0]);
    expect(reasons.filter((r) => r === 'invalid-json')).toHaveLength(notJson.length);
    expect(reasons.filter((r) => r === 'invalid-enriched-bar')).toHaveLength(invalid.length);
    expect(reasons.filter((r) => r === 'opensearch-rejected')).toHaveLength(mappingRejected.length);

    const rejected = records.find((r) =>
      r.headers[DLQ_HEADERS.reason]!.startsWith('opensearch-rejected'),
    )!;
    expect(rejected.key).toBe('AMZN');
    expect(rejected.headers[DLQ_HEADERS.stage]).toBe('opensearch-sink');
    expect(rejected.headers[DLQ_HEADERS.sourceTopic]).toBe(world.catalog.enriched.name);
    expect(rejected.value).toMatchObject({
      stage: 'opensearch-sink',
      reason: 'opensearch-rejected',
    });
    expect(JSON.stringify(rejected.value.issues)).toContain('mapper_parsing_exception');
    expect(JSON.parse(rejected.value.payload as string)).toMatchObject({ symbol: 'AMZN' });
  });
});
