import { describe, it } from 'vitest';
import { produceSlowly } from './stack-harness.js';
import { expectIdenticalToUninterrupted, useStackHarness } from './stack-suite.js';
import { generateRawFeed } from './raw-feed-generator.js';

const feed = generateRawFeed({ seed: 31, symbols: 30, days: 3, minutesPerDay: 80 });

describe('a frozen instance that comes back (zombie)', () => {
  const h = useStackHarness(6);

  it('cannot duplicate or lose output when it wakes up after its partitions moved on', async () => {
    const total = BigInt(feed.records.length);
    const producing = produceSlowly(h, feed.records, 250, 150);
    const zombie = h.spawnEnricher();
    await h.waitFor(h.committedAtLeast(20n, total), 120_000, '20% committed');

    // Freeze it mid-stream: it misses heartbeats, the group gives its partitions to a successor,
    // whose producers fence the frozen instance's transactional ids.
    zombie.kill('SIGSTOP');
    const successor = h.spawnEnricher();
    const frozenAt = await h.committedTotal();
    await h.waitFor(
      async () => ((await h.committedTotal()) > frozenAt + total / 10n ? true : undefined),
      120_000,
      'the successor to make progress',
    );
    zombie.kill('SIGCONT');
    // It comes back as a member; whatever it had in flight was fenced or abandoned at the rejoin.
    await h.waitFor(
      async () => ((await h.groupMembers()) === 2 ? true : undefined),
      60_000,
      'the woken instance to rejoin the group',
    );

    await producing;
    await h.waitForCaughtUp(180_000);
    await h.killChild(successor);
    await h.killChild(zombie);

    await expectIdenticalToUninterrupted(h, feed);
  }, 300_000);
});
