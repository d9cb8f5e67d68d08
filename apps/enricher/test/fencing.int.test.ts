import { afterAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { expectIdenticalToUninterrupted, useStackHarness } from './stack-suite.js';
import { generateRawFeed } from './raw-feed-generator.js';

const feed = generateRawFeed({ seed: 77, symbols: 12, days: 2, minutesPerDay: 40 });
const half = Math.floor(feed.records.length / 2);

describe('zombie fencing', () => {
  const h = useStackHarness(3);
  const usurpers: Producer[] = [];
  // Registered after the harness's, so it runs before the tear-down.
  afterAll(async () => {
    await Promise.all(usurpers.map((p) => p.disconnect().catch(() => undefined)));
  }, 60_000);

  const enrichedNow = async () => (await h.readCommitted(h.topics.enriched.name)).length;
  const committedOffsets = async () =>
    JSON.stringify(await h.admin.fetchOffsets({ groupId: h.groupId, topics: [h.topics.raw.name] }));

  it('a stale instance whose partitions got a new owner cannot commit, and the feed stays exactly once', async () => {
    await h.produceRaw(feed.records.slice(0, half));
    const { enricher: stale, readiness } = await h.startEnricher();
    await h.waitForCaughtUp(90_000);
    expect((await readiness.evaluate()).ready).toBe(true);

    // A new owner initialises each partition's transactional id, as the next instance would.
    for (let p = 0; p < h.partitions; p++) {
      const producer = h.adminKafka.producer({
        transactionalId: `${h.groupId}-${h.topics.raw.name}-${p}`,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      await (await producer.transaction()).abort();
      usurpers.push(producer);
    }
    const offsetsBefore = await committedOffsets();
    const enrichedBefore = await enrichedNow();
    expect(enrichedBefore).toBeGreaterThan(0);

    await h.produceRaw(feed.records.slice(half));
    const fencedPartitions = async () =>
      (await stale.metrics.recoveries.get()).values.find((v) => v.labels.cause === 'fenced')
        ?.value ?? 0;
    await h.waitFor(
      async () => ((await fencedPartitions()) === h.partitions ? true : undefined),
      60_000,
      'the stale instance to hit the fence on every partition',
    );

    expect(stale.partitions().every((p) => p.status === 'fenced')).toBe(true);
    expect((await readiness.evaluate()).ready).toBe(false);
    expect(await committedOffsets()).toBe(offsetsBefore);
    expect(await enrichedNow()).toBe(enrichedBefore);

    // A rebalance hands the partitions out again: whoever gets them re-initialises and finishes the work.
    await h.startEnricher();
    await h.waitForCaughtUp(120_000);
    await expectIdenticalToUninterrupted(h, feed);
  }, 240_000);
});
