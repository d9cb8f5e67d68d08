import { describe, expect, it } from 'vitest';
import { SeenBars } from './seen-bars.js';

describe('SeenBars', () => {
  it('reports a symbol+minute the second time it is added', () => {
    const s = new SeenBars(60_000);
    expect(s.add('A', 't1', 0)).toBe(true);
    expect(s.add('B', 't1', 0)).toBe(true);
    expect(s.add('A', 't1', 0)).toBe(false);
  });
  it('forgets bars older than the horizon', () => {
    const s = new SeenBars(60_000);
    s.add('A', 't0', 0);
    s.add('A', 't2', 120_000);
    expect(s.has('A', 't0')).toBe(false);
    expect(s.has('A', 't2')).toBe(true);
    expect(s.size).toBe(1);
  });
});
