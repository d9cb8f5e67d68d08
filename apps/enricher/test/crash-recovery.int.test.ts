import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { produceSlowly, StackHarness, uninterruptedBaseline } from './stack-harness.js';
import { generateRawFeed } from './raw-feed-generator.js';
import { readCommitted, verifyEnrichedFeed } from './verifier.js';

const feed = generateRawFeed({
  seed: 99,
  symbols: 40,
  days: 3,
  minutesPerDay: 90,
  splitSymbols: [5],
});

describe('crash recovery', () => {
  const h = new StackHarness(6);
  beforeAll(async () => {
    await h.setUp();
    await h.publishActions(feed.actions);
  }, 60_000);
  afterAll(() => h.tearDown(), 60_000);

  it('kill -9 three times mid-stream: read_committed output is exactly once, gapless and identical to an uninterrupted run', async () => {
    const total = BigInt(feed.records.length);
    const producing = produceSlowly(h, feed.records, 300, 150);
    let child = h.spawnEnricher();
    const kills: bigint[] = [];
    for (const fraction of [0.2, 0.45, 0.7]) {
      const current = child;
      const reached = await h.waitFor(
        async () => {
          if (current.exitCode !== null)
            throw new Error(`enricher exited on its own with code ${current.exitCode}`);
          const c = await h.committedTotal();
          return c * 100n >= total * BigInt(Math.round(fraction * 100)) ? c : undefined;
        },
        120_000,
        `${fraction * 100}% of the raw feed committed`,
      );
      await h.killChild(child);
      kills.push(reached);
      child = h.spawnEnricher();
    }
    await producing;
    await h.waitForCaughtUp(180_000);
    await h.killChild(child);

    expect(kills).toHaveLength(3);
    // Each kill happened mid-stream, before everything was committed.
    expect(kills.every((k) => k < total)).toBe(true);
    const enriched = await readCommitted({
      kafka: h.adminKafka,
      admin: h.admin,
      topic: h.topics.enriched.name,
      groupPrefix: h.groupId,
    });
    const baseline = await uninterruptedBaseline(h, feed.actions);
    expect(baseline.size).toBe(feed.expectedEnriched);
    const v = verifyEnrichedFeed(enriched, baseline);
    expect(v.problems).toEqual([]);
    expect(v.count).toBe(feed.expectedEnriched);
  }, 300_000);
});
