import { describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { CHECKPOINT_KEY, parseCheckpoint } from '@marketfeed/exactly-once';
import { eventually, freePort } from '@marketfeed/testkit';
import { produceSlowly, type StackHarness } from './stack-harness.js';
import { expectIdenticalToUninterrupted, useStackHarness } from './stack-suite.js';
import { generateRawFeed } from './raw-feed-generator.js';

const feed = generateRawFeed({
  seed: 18,
  symbols: 30,
  days: 3,
  minutesPerDay: 80,
  splitSymbols: [4],
});

// Only each owner's first transaction per partition is a snapshot: every kill lands between
// snapshots, and each restart has to rebuild state by replaying raw.
const NO_MORE_SNAPSHOTS = { ENRICHER_SNAPSHOT_INTERVAL_MS: '3600000' };

/** Per changelog partition, how far the input committed with outputs is past the last snapshot. */
async function unsnapshotted(h: StackHarness): Promise<Map<number, bigint>> {
  const gaps = new Map<number, bigint>();
  for (const r of await h.readCommitted(h.topics.enricherState.name)) {
    if (r.key !== CHECKPOINT_KEY || r.value === null) continue;
    const c = parseCheckpoint(r.value);
    gaps.set(r.partition, c.committed - c.snapshot);
  }
  return gaps;
}

async function replayedRecords(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const m = /^enricher_replayed_records_total(?:\{[^}]*\})? (\d+)/m.exec(text);
  if (!m) throw new Error('enricher_replayed_records_total not in /metrics yet');
  return Number(m[1]);
}

describe('snapshot replay', () => {
  const h = useStackHarness(3, feed.actions);

  it('kill -9 between snapshots twice: the restarted enricher replays raw from the snapshot, and the output is exactly once and identical to an uninterrupted run', async () => {
    const total = BigInt(feed.records.length);
    const producing = produceSlowly(h, feed.records, 200, 150);

    const waitCommitted = (child: ChildProcess, fraction: number) =>
      h.waitForCommittedFraction(child, total, fraction, 180_000);

    const first = h.spawnEnricher(NO_MORE_SNAPSHOTS);
    await waitCommitted(first, 0.35);
    await h.killChild(first);
    const gaps = await unsnapshotted(h);
    // The kill landed after transactions that wrote no state: a restore must replay them.
    const toReplay = [...gaps.values()].reduce((a, b) => a + b, 0n);
    expect(toReplay).toBeGreaterThan(0n);

    const port = await freePort();
    const second = h.spawnEnricher({ ...NO_MORE_SNAPSHOTS, PORT: String(port) });
    await waitCommitted(second, 0.7);
    // Every record between a partition's snapshot and its committed offset was re-applied
    // (more if a rebalance under load made it restore twice).
    const replayed = await eventually(
      `${toReplay} records replayed`,
      async () => {
        const n = BigInt(await replayedRecords(port));
        return n >= toReplay ? n : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(replayed).toBeGreaterThanOrEqual(toReplay);
    await h.killChild(second);
    expect([...(await unsnapshotted(h)).values()].some((gap) => gap > 0n)).toBe(true);

    const third = h.spawnEnricher(NO_MORE_SNAPSHOTS);
    await producing;
    await h.waitForCaughtUp(180_000);
    await h.killChild(third);

    await expectIdenticalToUninterrupted(h, feed);
  }, 420_000);
});
