import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { produceSlowly, StackHarness, uninterruptedBaseline } from './stack-harness.js';
import { generateRawFeed } from './raw-feed-generator.js';
import { readCommitted, verifyEnrichedFeed } from './verifier.js';

const feed = generateRawFeed({ seed: 31, symbols: 30, days: 3, minutesPerDay: 80 });

describe('a frozen instance that comes back (zombie)', () => {
  const h = new StackHarness(6);
  beforeAll(() => h.setUp(), 60_000);
  afterAll(() => h.tearDown(), 60_000);

  it('cannot duplicate or lose output when it wakes up after its partitions moved on', async () => {
    const total = BigInt(feed.records.length);
    const producing = produceSlowly(h, feed.records, 250, 150);
    const zombie = h.spawnEnricher();
    const committed = (pct: bigint) => async () =>
      (await h.committedTotal()) * 100n >= total * pct ? true : undefined;
    await h.waitFor(committed(20n), 120_000, '20% committed');

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
      async () =>
        (await h.admin.describeGroups([h.groupId])).groups[0]?.members.length === 2
          ? true
          : undefined,
      60_000,
      'the woken instance to rejoin the group',
    );

    await producing;
    await h.waitForCaughtUp(180_000);
    await h.killChild(successor);
    await h.killChild(zombie);

    const enriched = await readCommitted({
      kafka: h.adminKafka,
      admin: h.admin,
      topic: h.topics.enriched.name,
      groupPrefix: h.groupId,
    });
    const v = verifyEnrichedFeed(enriched, await uninterruptedBaseline(h, feed.actions));
    expect(v.problems).toEqual([]);
    expect(v.count).toBe(feed.expectedEnriched);
  }, 300_000);
});
