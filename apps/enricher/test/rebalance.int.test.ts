import { describe, expect, it } from 'vitest';
import { produceSlowly } from './stack-harness.js';
import { expectIdenticalToUninterrupted, useStackHarness } from './stack-suite.js';
import { generateRawFeed } from './raw-feed-generator.js';

const feed = generateRawFeed({
  seed: 5,
  symbols: 40,
  days: 3,
  minutesPerDay: 80,
  splitSymbols: [3],
});

describe('rebalance', () => {
  const h = useStackHarness(6, feed.actions);

  it('growing from 1 to 2 instances and back mid-stream keeps the output exactly once, gapless and identical', async () => {
    const total = BigInt(feed.records.length);
    // The feed is produced in three parts, each after the group reached the state the next
    // check needs, so every rebalance happens mid-stream however fast the machine is right now.
    const cut = [0.3, 0.6].map((f) => Math.floor(feed.records.length * f));
    const part = (i: number) =>
      produceSlowly(h, feed.records.slice(i === 0 ? 0 : cut[i - 1], cut[i]), 250, 150);
    let producing = part(0);
    const first = h.spawnEnricher();

    await h.waitFor(h.committedAtLeast(20n, total), 120_000, '20% committed by one instance');
    const second = h.spawnEnricher();
    await h.waitFor(
      async () => ((await h.groupMembers()) === 2 ? true : undefined),
      60_000,
      'two members in the group',
    );
    await producing;
    producing = part(1);
    const atTwo = await h.committedTotal();
    await h.waitFor(
      async () => ((await h.committedTotal()) > atTwo + total / 10n ? true : undefined),
      120_000,
      'progress with two instances',
    );

    const exited = h.exitOf(second);
    second.kill('SIGTERM');
    expect(await exited).toBe(0);
    await h.waitFor(
      async () => ((await h.groupMembers()) === 1 ? true : undefined),
      60_000,
      'back to one member',
    );
    const atOne = await h.committedTotal();
    expect(atOne).toBeLessThan(total);

    await producing;
    await part(2);
    await h.waitForCaughtUp(180_000);
    await h.killChild(first);

    await expectIdenticalToUninterrupted(h, feed);
  }, 300_000);
});
