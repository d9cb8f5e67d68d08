import { describe, expect, it } from 'vitest';
import { OffsetTracker } from './offset-tracker.js';

describe('OffsetTracker', () => {
  it('commits only past the longest done prefix when records finish out of order', () => {
    const t = new OffsetTracker();
    const [a, b, c] = ['10', '11', '12'].map((o) => t.add(0, o));
    t.done(c!);
    t.done(b!);
    expect(t.committable()).toEqual([]);
    t.done(a!);
    expect(t.committable()).toEqual([{ partition: 0, offset: '13' }]);
  });

  it('treats offset gaps (control records) as contiguous in arrival order', () => {
    const t = new OffsetTracker();
    const a = t.add(1, '5');
    const b = t.add(1, '9');
    t.done(a);
    t.done(b);
    expect(t.committable()).toEqual([{ partition: 1, offset: '10' }]);
  });

  it('moves past a trailing transaction marker the batch skipped', () => {
    const t = new OffsetTracker();
    t.done(t.add(0, '3'));
    t.addSkipped(0, '4');
    expect(t.committable()).toEqual([{ partition: 0, offset: '5' }]);
  });

  it('reports a partition once per progress and tracks partitions separately', () => {
    const t = new OffsetTracker();
    t.done(t.add(0, '0'));
    const pending = t.add(1, '0');
    const first = t.committable();
    expect(first).toEqual([{ partition: 0, offset: '1' }]);
    t.markCommitted(first);
    expect(t.committable()).toEqual([]);
    expect(t.pending()).toBe(1);
    t.done(pending);
    expect(t.committable()).toEqual([{ partition: 1, offset: '1' }]);
  });

  it('ignores tickets from before a rebalance', () => {
    const t = new OffsetTracker();
    const old = t.add(0, '0');
    t.reset();
    const fresh = t.add(0, '0');
    t.done(old);
    expect(t.committable()).toEqual([]);
    t.done(fresh);
    expect(t.committable()).toEqual([{ partition: 0, offset: '1' }]);
  });

  it('keeps working across many records (window compaction)', () => {
    const t = new OffsetTracker();
    const tickets = Array.from({ length: 5000 }, (_, i) => t.add(0, String(i)));
    for (const k of tickets.slice(0, 4000)) t.done(k);
    expect(t.committable()).toEqual([{ partition: 0, offset: '4000' }]);
    for (const k of tickets.slice(4000).reverse()) t.done(k);
    expect(t.committable()).toEqual([{ partition: 0, offset: '5000' }]);
    expect(t.pending()).toBe(0);
  });
});
