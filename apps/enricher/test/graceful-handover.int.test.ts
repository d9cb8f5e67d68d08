import { describe, expect, it } from 'vitest';
import type { Enricher } from '../src/enricher.js';
import { expectIdenticalToUninterrupted, useStackHarness } from './stack-suite.js';
import { generateRawFeed } from './raw-feed-generator.js';

const feed = generateRawFeed({ seed: 18, symbols: 30, days: 2, minutesPerDay: 60 });
const half = Math.floor(feed.records.length / 2);
/**
 * Far longer than the test may take: the survivor can only get the stopped instance's partitions
 * in time if that instance left the group, not by its session expiring.
 */
const SESSION_TIMEOUT_MS = 600_000;

const readyPartitions = (e: Enricher) =>
  e
    .partitions()
    .filter((p) => p.status === 'ready')
    .map((p) => p.partition)
    .sort((a, b) => a - b);

describe('graceful handover', () => {
  const h = useStackHarness(6);

  it('a gracefully stopped instance leaves the group at once and the survivor takes over its partitions, exactly once', async () => {
    await h.produceRaw(feed.records.slice(0, half));
    const { enricher: survivor } = await h.startEnricher({ sessionTimeoutMs: SESSION_TIMEOUT_MS });
    const { enricher: leaving } = await h.startEnricher({ sessionTimeoutMs: SESSION_TIMEOUT_MS });
    await h.waitFor(
      async () =>
        readyPartitions(survivor).length > 0 &&
        readyPartitions(leaving).length > 0 &&
        readyPartitions(survivor).length + readyPartitions(leaving).length === h.partitions
          ? true
          : undefined,
      120_000,
      'both instances owning ready partitions',
    );
    expect(await h.groupMembers()).toBe(2);

    await h.stopEnricher(leaving);
    // LeaveGroup is answered once the coordinator removed the member: no waiting, no polling.
    expect(await h.groupMembers()).toBe(1);

    await h.waitFor(
      async () => (readyPartitions(survivor).length === h.partitions ? true : undefined),
      120_000,
      'the survivor owning every partition',
    );
    await h.produceRaw(feed.records.slice(half));
    await h.waitForCaughtUp(120_000);
    await expectIdenticalToUninterrupted(h, feed);
  }, 300_000);
});
