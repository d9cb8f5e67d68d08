import { describe, expect } from 'vitest';
import { barSeries } from '../test/bars.js';
import { itOnStack as it } from '../test/stack-harness.js';

describe('replaying the whole topic', () => {
  it('leaves the document count unchanged and counts the replays as duplicates', async ({
    world,
  }) => {
    const bars = barSeries(['AMZN', 'NVDA', 'AAPL'], 200);
    // The upstream replayed once: every record is on the topic twice.
    await world.produce(bars);
    await world.produce(bars);
    const first = await world.startSink();
    await world.waitForCommitted(first.groupId, 'first pass committed');
    expect(await world.count()).toBe(bars.length);
    expect(first.sink.stats()).toMatchObject({
      indexed: bars.length,
      duplicates: bars.length,
      deadLettered: 0,
    });
    await world.stopSink(first);

    // A second consumer group reads the whole topic again from the beginning.
    const second = await world.startSink({ groupSuffix: '-replay' });
    await world.waitForCommitted(second.groupId, 'replay committed');
    expect(second.sink.stats()).toMatchObject({
      indexed: 0,
      duplicates: 2 * bars.length,
      deadLettered: 0,
    });
    expect(await world.count()).toBe(bars.length);
    // Same-revision replays are no-ops: every document is still at its first version.
    const versions = await world.os.search({
      index: `${world.indexPrefix}-bars`,
      body: { size: 0, query: { range: { revision: { gt: 0 } } } },
    });
    expect(versions.body.hits.total).toMatchObject({ value: 0 });
  });
});
