import { describe, expect, it } from 'vitest';
import { delayBeforeMs, parsePace } from './pace.js';

describe('parsePace', () => {
  it('reads max, realtime, speed factors and message rates', () => {
    expect(parsePace('max')).toEqual({ kind: 'max' });
    expect(parsePace('realtime')).toEqual({ kind: 'speed', factor: 1 });
    expect(parsePace('60x')).toEqual({ kind: 'speed', factor: 60 });
    expect(parsePace('2.5')).toEqual({ kind: 'speed', factor: 2.5 });
    expect(parsePace('5000/s')).toEqual({ kind: 'rate', perSecond: 5000 });
  });
  it('rejects nonsense and zero', () => {
    for (const bad of ['', 'fast', '0x', '0/s', '-1', 'x60']) expect(parsePace(bad)).toBeNull();
  });
});

describe('delayBeforeMs', () => {
  it('waits data-time over the speed factor since the start', () => {
    expect(delayBeforeMs({ kind: 'speed', factor: 60 }, 1000, 1000, 0, 60_000, 0)).toBe(1000);
    expect(delayBeforeMs({ kind: 'speed', factor: 60 }, 1000, 1500, 0, 60_000, 0)).toBe(500);
    expect(delayBeforeMs({ kind: 'speed', factor: 60 }, 1000, 3000, 0, 60_000, 0)).toBe(0);
  });
  it('spaces messages evenly at a fixed rate', () => {
    expect(delayBeforeMs({ kind: 'rate', perSecond: 100 }, 0, 0, 0, 0, 50)).toBe(500);
  });
  it('never waits at max', () => {
    expect(delayBeforeMs({ kind: 'max' }, 0, 0, 0, 1e9, 1e9)).toBe(0);
  });
});
