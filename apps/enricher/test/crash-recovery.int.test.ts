import { describe, expect, it } from 'vitest';
import { produceSlowly } from './stack-harness.js';
import { expectIdenticalToUninterrupted, useStackHarness } from './stack-suite.js';
import { generateRawFeed } from './raw-feed-generator.js';

const feed = generateRawFeed({
  seed: 99,
  symbols: 40,
  days: 3,
  minutesPerDay: 90,
  splitSymbols: [5],
});

describe('crash recovery', () => {
  const h = useStackHarness(6, feed.actions);

  it('kill -9 three times mid-stream: read_committed output is exactly once, gapless and identical to an uninterrupted run', async () => {
    const total = BigInt(feed.records.length);
    const producing = produceSlowly(h, feed.records, 300, 150);
    let child = h.spawnEnricher();
    const kills: bigint[] = [];
    for (const fraction of [0.2, 0.45, 0.7]) {
      const reached = await h.waitForCommittedFraction(child, total, fraction, 120_000);
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
    await expectIdenticalToUninterrupted(h, feed);
  }, 300_000);
});
