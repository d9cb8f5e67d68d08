import { afterAll, beforeAll, expect } from 'vitest';
import type { CorporateAction } from '@marketfeed/schema';
import type { RawFeed } from './raw-feed-generator.js';
import { StackHarness, uninterruptedBaseline } from './stack-harness.js';
import { verifyEnrichedFeed } from './verifier.js';

// Apart from stack-harness.ts, which the benchmark imports outside vitest.

/**
 * The harness of a describe block: its prefix provisioned (and `actions` published) before the
 * block's tests, torn down after them. A block's own afterAll registered later runs first.
 */
export function useStackHarness(
  partitions: number,
  actions: readonly CorporateAction[] = [],
): StackHarness {
  const h = new StackHarness(partitions);
  beforeAll(async () => {
    await h.setUp();
    await h.publishActions(actions);
  }, 60_000);
  afterAll(() => h.tearDown(), 60_000);
  return h;
}

/**
 * The exactly-once verdict: the committed enriched topic holds every bar of `feed` once, gapless,
 * and byte-identical to one uninterrupted pass of the pure core over the committed raw topic.
 */
export async function expectIdenticalToUninterrupted(
  h: StackHarness,
  feed: Pick<RawFeed, 'actions' | 'expectedEnriched'>,
): Promise<void> {
  const enriched = await h.readCommitted(h.topics.enriched.name);
  const baseline = await uninterruptedBaseline(h, feed.actions);
  expect(baseline.size).toBe(feed.expectedEnriched);
  const v = verifyEnrichedFeed(enriched, baseline);
  expect(v.problems).toEqual([]);
  expect(v.count).toBe(feed.expectedEnriched);
}
