import { describe, expect, it } from 'vitest';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import { generateRawFeed } from './raw-feed-generator.js';
import { uninterruptedBaseline } from './stack-harness.js';
import { useStackHarness } from './stack-suite.js';
import { toStateV1 } from './state-v1-format.js';
import { identityOf } from './verifier.js';

const CHECKPOINT_KEY = '__checkpoint__';
/** The fields the enriched bar had before Bollinger and MACD: they must continue unchanged. */
const EXISTING = [
  'seq',
  'prevClose',
  'change',
  'changePct',
  'indicator',
  'smaFast',
  'smaSlow',
  'ema12',
  'ema26',
  'rsi14',
  'vwapSession',
  'signals',
] as const;

describe('an enricher restarted on a changelog written in the old state format', () => {
  const h = useStackHarness(2);

  it('continues without a gap or a DLQ record, and the existing indicators keep their values', async () => {
    const feed = generateRawFeed({
      seed: 11,
      symbols: 6,
      days: 2,
      minutesPerDay: 40,
      updateRate: 0.05,
    });
    const half = Math.floor(feed.records.length / 2);
    await h.produceRaw(feed.records.slice(0, half));
    const first = await h.startEnricher();
    await h.waitForCaughtUp(90_000);
    await h.stopEnricher(first.enricher);

    // Rewrite each symbol's latest state as the previous version wrote it (plain appends after
    // the last transaction: a later value of the same key is what a restore reads).
    const changelog = await h.readCommitted(h.topics.enricherState.name);
    const latest = new Map<string, { partition: number; value: string }>();
    for (const r of changelog)
      if (r.key !== null && r.key !== CHECKPOINT_KEY && r.value !== null)
        latest.set(r.key, { partition: r.partition, value: r.value });
    expect(latest.size).toBe(6);
    const producer = h.adminKafka.producer();
    await producer.connect();
    await producer.send({
      topic: h.topics.enricherState.name,
      acks: -1,
      messages: [...latest].map(([key, s]) => ({
        key,
        partition: s.partition,
        value: toStateV1(s.value),
      })),
    });
    await producer.disconnect();

    await h.produceRaw(feed.records.slice(half));
    const second = await h.startEnricher();
    await h.waitForCaughtUp(90_000);
    await h.stopEnricher(second.enricher);

    const read = (topic: string) => h.readCommitted(topic);
    expect(await read(h.topics.dlq.name)).toEqual([]);
    const enriched = (await read(h.topics.enriched.name)).map(
      (r) => JSON.parse(r.value!) as EnrichedBarV1,
    );
    const baseline = await uninterruptedBaseline(h, []);
    expect(enriched.length).toBe(baseline.size);
    const pick = (b: EnrichedBarV1) => EXISTING.map((f) => b[f]);
    for (const bar of enriched) {
      const expected = JSON.parse(baseline.get(identityOf(bar))!) as EnrichedBarV1;
      expect(pick(bar), identityOf(bar)).toEqual(pick(expected));
    }
    // seq per symbol: 1, 2, 3, … with no gap across the restart.
    const bySymbol = new Map<string, number[]>();
    for (const b of enriched) bySymbol.set(b.symbol, [...(bySymbol.get(b.symbol) ?? []), b.seq]);
    for (const seqs of bySymbol.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // The restarted half starts Bollinger over (null for its first 19 bars), proving v1 was restored.
    const restartedNulls = enriched.filter((b) => b.bbMiddle === null && b.seq > 20).length;
    expect(restartedNulls).toBeGreaterThan(0);
  }, 240_000);
});
