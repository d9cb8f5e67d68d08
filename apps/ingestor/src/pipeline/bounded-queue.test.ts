import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './bounded-queue.js';

describe('BoundedQueue', () => {
  it('refuses items beyond capacity', () => {
    const q = new BoundedQueue<number>(2);
    expect(q.offer(1)).toBe(true);
    expect(q.offer(2)).toBe(true);
    expect(q.offer(3)).toBe(false);
    expect(q.size).toBe(2);
  });

  it('keeps peeked items until they are removed, in order', () => {
    const q = new BoundedQueue<number>(10);
    for (let i = 0; i < 5; i++) q.offer(i);
    expect(q.peek(3)).toEqual([0, 1, 2]);
    expect(q.peek(3)).toEqual([0, 1, 2]);
    q.remove(2);
    expect(q.peek(10)).toEqual([2, 3, 4]);
  });

  it('stops a peek where the predicate says no', () => {
    const q = new BoundedQueue<string>(10);
    for (const s of ['a', 'a', 'B', 'a']) q.offer(s);
    expect(q.peek(10, (s) => s === 'a')).toEqual(['a', 'a']);
  });

  it('releases blocked writers once it drains below the resume mark', async () => {
    const q = new BoundedQueue<number>(4, 2);
    for (let i = 0; i < 4; i++) q.offer(i);
    let resumed = false;
    const writable = q.whenWritable().then(() => (resumed = true));
    q.remove(1);
    await Promise.resolve();
    expect(resumed).toBe(false);
    q.remove(2);
    await writable;
    expect(resumed).toBe(true);
  });

  it('wakes a waiting reader when an item arrives', async () => {
    const q = new BoundedQueue<number>(4);
    const readable = q.whenReadable();
    q.offer(1);
    await expect(readable).resolves.toBeUndefined();
  });

  it('keeps order across internal compaction', () => {
    const q = new BoundedQueue<number>(100_000);
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 1000; i++) q.offer(next++);
      const got = q.peek(700);
      for (const v of got) expect(v).toBe(expected++);
      q.remove(got.length);
    }
    expect(q.size).toBe(next - expected);
  });
});
