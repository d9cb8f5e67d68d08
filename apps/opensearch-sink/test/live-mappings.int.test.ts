import { describe, expect } from 'vitest';
import { BAR_MAPPINGS } from '../src/index-design.js';
import { barSeries } from './bars.js';
import { eventually, itOnStack as it } from './stack-harness.js';

/** The mapping of indices created before Bollinger and MACD were added. */
const { bbMiddle, bbUpper, bbLower, macd, macdSignal, macdHistogram, ...before } =
  BAR_MAPPINGS.properties;

describe('live mapping updates', () => {
  it('an index created with the old mapping gets the new fields, searchable through the symbol alias at once', async ({
    world,
  }) => {
    expect([bbMiddle, bbUpper, bbLower, macd, macdSignal, macdHistogram]).not.toContain(undefined);
    const p = world.indexPrefix;
    const old = `${p}-bars-2024.07`;
    // As an earlier sink left it: strict mapping without the new fields, both aliases in place.
    await world.os.indices.create({
      index: old,
      body: {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: { dynamic: 'strict', properties: before } as never,
        aliases: {
          [`${p}-bars`]: {},
          [`${p}-amzn`]: { filter: { term: { symbol: 'AMZN' } } },
        },
      },
    });
    const bars = barSeries(['AMZN'], 30, '2024-07-31T23:00:00Z').map((b, i) => ({
      ...b,
      bbMiddle: 100 + i,
      bbUpper: 102 + i,
      bbLower: 98 + i,
      macd: 0.5,
      macdSignal: 0.25,
      macdHistogram: 0.25,
    }));
    await world.produce(bars);
    await world.startSink();

    await eventually('every bar indexed', async () =>
      (await world.count()) === bars.length ? true : undefined,
    );
    expect(await world.dlqRecordCount()).toBe(0);
    const mapping = await world.os.indices.getMapping({ index: old });
    expect(mapping.body[old]?.mappings.properties?.bbUpper).toEqual({ type: 'double' });

    await world.os.indices.refresh({ index: old });
    const hits = await world.os.search({
      index: `${p}-amzn`,
      body: { query: { range: { bbUpper: { gte: 120 } } } },
    });
    const total = hits.body.hits.total;
    expect(typeof total === 'number' ? total : total?.value).toBe(12); // bbUpper 102 + i >= 120 for i = 18..29
  });
});
