import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import {
  CHECKPOINT_KEY,
  formatCheckpoint,
  parseCheckpoint,
  PartitionWorker,
  StateDecodeError,
} from '../src/partition-worker.js';
import type { StateCodec } from '../src/types.js';

const codec: StateCodec<{ n: number }> = {
  encode: (s) => JSON.stringify(s),
  decode: (text) => {
    const s = JSON.parse(text) as { n?: unknown };
    if (typeof s.n !== 'number') throw new Error('written by another version');
    return { n: s.n };
  },
};

const record = (key: string, value: string | null, offset = 0): KafkaMessage =>
  ({
    key: Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    offset: String(offset),
    timestamp: '0',
    attributes: 0,
    headers: {},
  }) as KafkaMessage;

describe('restoring a partition from its changelog', () => {
  it('keeps the last state per key, drops tombstoned keys and resumes at the last checkpoint', () => {
    const w = new PartitionWorker(3, undefined, codec);
    w.resetState();
    for (const m of [
      record('A', '{"n":1}'),
      record('B', '{"n":1}'),
      record(CHECKPOINT_KEY, '10'),
      record('A', '{"n":2}'),
      record('B', null),
      record(CHECKPOINT_KEY, '25'),
    ])
      w.applyChangelogRecord(m);
    w.finishRestore();
    expect([...w.states]).toEqual([['A', { n: 2 }]]);
    expect(w.checkpointFromChangelog).toEqual({ snapshot: 25n, committed: 25n });
  });

  it("fails with a StateDecodeError naming the partition and key when the codec refuses a value, keeping the codec's error as the cause", () => {
    const w = new PartitionWorker(4, undefined, codec);
    w.resetState();
    w.applyChangelogRecord(record('ZZZ', '{"v":2}'));
    let thrown: unknown;
    try {
      w.finishRestore();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(StateDecodeError);
    expect((thrown as StateDecodeError).message).toContain('partition 4');
    expect((thrown as StateDecodeError).message).toContain('ZZZ');
    expect(((thrown as StateDecodeError).cause as Error).message).toBe(
      'written by another version',
    );
  });

  it('resumes at the snapshot offset and replays up to the committed offset written after it', () => {
    const w = new PartitionWorker(1, undefined, codec);
    w.resetState();
    for (const m of [
      record('A', '{"n":1}'),
      record(CHECKPOINT_KEY, '10'),
      record(CHECKPOINT_KEY, '10:17'),
      record(CHECKPOINT_KEY, '10:42'),
    ])
      w.applyChangelogRecord(m);
    w.finishRestore();
    expect(w.resumePoint()).toEqual({ from: 10n, replayUntil: 42n });
  });

  it('replays nothing when the last transaction was a snapshot, or on a changelog written before snapshots', () => {
    const w = new PartitionWorker(1, undefined, codec);
    w.resetState();
    for (const m of [
      record(CHECKPOINT_KEY, '10:30'),
      record('A', '{"n":1}'),
      record(CHECKPOINT_KEY, '30'),
    ])
      w.applyChangelogRecord(m);
    w.finishRestore();
    expect(w.resumePoint()).toEqual({ from: 30n, replayUntil: null });
  });

  it('has no resume point on an empty changelog', () => {
    const empty = new PartitionWorker(1, undefined, codec);
    empty.resetState();
    empty.finishRestore();
    expect(empty.resumePoint()).toBeNull();
  });

  it('writes a checkpoint as a plain offset when snapshot and commit coincide (what the previous version reads), else as snapshot:committed', () => {
    expect(formatCheckpoint({ snapshot: 7n, committed: 7n })).toBe('7');
    expect(formatCheckpoint({ snapshot: 7n, committed: 90n })).toBe('7:90');
    for (const c of [
      { snapshot: 7n, committed: 7n },
      { snapshot: 7n, committed: 90n },
    ])
      expect(parseCheckpoint(formatCheckpoint(c))).toEqual(c);
  });

  it('makes the first commit after a restore a snapshot, with nothing inherited as changed', () => {
    const w = new PartitionWorker(1, undefined, codec);
    w.dirty.add('A');
    w.lastSnapshotAt = 1000;
    w.snapshotOffset = 5n;
    w.resetState();
    expect(w.lastSnapshotAt).toBe(-Infinity);
    expect(w.dirty.size).toBe(0);
    expect(w.snapshotOffset).toBeNull();
    expect(w.replayUntil).toBeNull();
  });
});
