import { describe, expect } from 'vitest';
import { enrichedBar } from '../test/bars.js';
import { eventually, itOnStack as it } from '../test/stack-harness.js';

describe('revisions', () => {
  it('keeps the newest revision when an older one arrives after it', async ({ world }) => {
    const ts = '2024-07-11T19:49:00Z';
    const id = `AMZN:${ts}`;
    const rev = (revision: number, close: number) =>
      enrichedBar({
        timestamp: ts,
        revision,
        close,
        high: Math.max(close, 194.64),
        seq: 10 + revision,
      });
    await world.produce([rev(0, 194.6), rev(2, 194.9), rev(1, 194.7)]);
    const sut = await world.startSink();
    await world.waitForCommitted(sut.groupId);

    const doc = await world.os.get({ index: `${world.indexPrefix}-bars-2024.07`, id });
    expect(doc.body._source).toMatchObject({ revision: 2, close: 194.9 });
    expect(doc.body._version).toBe(2);

    // A later, newer revision still overwrites; a late revision 0 does not.
    await world.produce([rev(3, 195.1), rev(0, 194.6)]);
    await eventually('revision 3 indexed', async () => {
      const d = await world.os.get({ index: `${world.indexPrefix}-bars-2024.07`, id });
      return (d.body._source as { revision: number }).revision === 3 ? d : undefined;
    });
    await world.waitForCommitted(sut.groupId);
    const final = await world.os.get({ index: `${world.indexPrefix}-bars-2024.07`, id });
    expect(final.body._source).toMatchObject({ revision: 3, close: 195.1 });
    expect(await world.count()).toBe(1);
    expect(sut.sink.stats()).toMatchObject({ deadLettered: 0 });
  });
});
