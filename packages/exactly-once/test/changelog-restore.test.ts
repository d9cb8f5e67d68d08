import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { CHECKPOINT_KEY, PartitionWorker, StateDecodeError } from '../src/partition-worker.js';
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
    expect(w.checkpointFromChangelog).toBe(25n);
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
});
