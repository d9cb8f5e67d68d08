import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackHarness } from './stack-harness.js';
import { generateRawFeed } from './raw-feed-generator.js';
import { verifyEnrichedFeed } from './verifier.js';

const feed = generateRawFeed({
  seed: 2024,
  symbols: 12,
  days: 3,
  minutesPerDay: 40,
  splitSymbols: [2, 7],
});
const firstDayBars = feed.records.findIndex((r) => r.value.includes('"T":"d"'));

describe('determinism', () => {
  const upfront = new StackHarness(4);
  const live = new StackHarness(4);
  beforeAll(async () => {
    await upfront.setUp();
    await live.setUp();
  }, 60_000);
  afterAll(() => Promise.all([upfront.tearDown(), live.tearDown()]), 60_000);

  it('the same raw input processed twice from scratch gives identical enriched records, whenever the corporate actions were read', async () => {
    // Run 1: a replay; every action is on its topic before the enricher starts.
    await upfront.publishActions(feed.actions);
    await upfront.produceRaw(feed.records);
    await upfront.startEnricher();

    // Run 2: live; the enricher is already running when the splits are published, just before the
    // first bar of their ex-date (the ingestor's ordering guarantee).
    await live.startEnricher();
    await live.produceRaw(feed.records.slice(0, firstDayBars));
    await live.publishActions(feed.actions);
    await live.produceRaw(feed.records.slice(firstDayBars));

    await Promise.all([upfront.waitForCaughtUp(120_000), live.waitForCaughtUp(120_000)]);
    const read = (h: StackHarness) => h.readCommitted(h.topics.enriched.name);
    const [a, b] = await Promise.all([read(upfront), read(live)]);
    const va = verifyEnrichedFeed(a);
    expect(va.problems).toEqual([]);
    expect(va.count).toBe(feed.expectedEnriched);
    // Same records, same values, same per-partition order.
    expect(verifyEnrichedFeed(b, va.byIdentity).problems).toEqual([]);
    expect(b.map((r) => [r.partition, r.value])).toEqual(a.map((r) => [r.partition, r.value]));
    // The splits took effect in both runs (adjusted prevClose and the SPLIT signal).
    const splitBars = a
      .map(
        (r) =>
          JSON.parse(r.value!) as { symbol: string; signals: string[]; splitAdjusted: boolean },
      )
      .filter((x) => x.signals.includes('SPLIT'));
    expect(splitBars.map((x) => x.symbol).sort()).toEqual(['S0002', 'S0007']);
    expect(splitBars.every((x) => x.splitAdjusted)).toBe(true);
  }, 240_000);
});
