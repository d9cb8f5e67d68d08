import { describe, expect, it } from 'vitest';
import { SeqTracker } from './seq-tracker.js';

describe('SeqTracker', () => {
  it('accepts the first record of a symbol at any seq and then consecutive ones', () => {
    const t = new SeqTracker();
    expect(t.observe('AAPL', 41)).toEqual({ kind: 'first', symbol: 'AAPL', seq: 41 });
    expect(t.observe('AAPL', 42)).toEqual({ kind: 'next', symbol: 'AAPL', seq: 42 });
    expect(t.observe('MSFT', 1).kind).toBe('first');
  });

  it('reports a gap with the expected seq and how many records are missing', () => {
    const t = new SeqTracker({ AAPL: 5 });
    expect(t.observe('AAPL', 9)).toEqual({
      kind: 'gap',
      symbol: 'AAPL',
      expected: 6,
      got: 9,
      missing: 3,
    });
    expect(t.observe('AAPL', 10).kind).toBe('next');
  });

  it('reports repeats and stale records as duplicates without moving backwards', () => {
    const t = new SeqTracker({ AAPL: 5 });
    expect(t.observe('AAPL', 5)).toEqual({ kind: 'duplicate', symbol: 'AAPL', seq: 5, last: 5 });
    expect(t.observe('AAPL', 3).kind).toBe('duplicate');
    expect(t.lastSeq('AAPL')).toBe(5);
  });

  it('keeps symbols independent', () => {
    const t = new SeqTracker();
    t.observe('A', 1);
    t.observe('B', 7);
    expect(t.observe('A', 2).kind).toBe('next');
    expect(t.observe('B', 9).kind).toBe('gap');
  });

  it('seeds from a snapshot so the stream continues from there, and round-trips its state', () => {
    const t = new SeqTracker();
    t.seed('A', 10);
    t.seed('A', 8);
    expect(t.observe('A', 10).kind).toBe('duplicate');
    expect(t.observe('A', 11).kind).toBe('next');
    expect(new SeqTracker(t.toJSON()).lastSeq('A')).toBe(11);
    expect(JSON.parse(JSON.stringify(t))).toEqual({ A: 11 });
  });
});
