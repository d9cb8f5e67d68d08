import { describe, expect, it } from 'vitest';
import { direction, published } from '../../src/index.js';
import { bar, run } from '../helpers.js';

describe('the Bullish/Bearish/Neutral rule', () => {
  it('is exact at the ±5 % boundary where binary floating point is not', () => {
    // (1.05 − 1) / 1 × 100 = 5.000000000000004 and (0.95 − 1) / 1 × 100 = −4.999999999999996
    // in binary; (105.1 − 100.1) / 100.1 × 100 = 4.995…: each decided on the decimals shown.
    expect(((0.95 - 1) / 1) * 100).not.toBe(-5);
    expect(direction(0.95, 1, 5)).toBe('Bearish');
    expect(direction(1.05, 1, 5)).toBe('Bullish');
    expect(direction(21, 20, 5)).toBe('Bullish');
    expect(direction(19, 20, 5)).toBe('Bearish');
    expect(direction(1.0499999, 1, 5)).toBe('Neutral');
    expect(direction(0.9500001, 1, 5)).toBe('Neutral');
    expect(direction(105.1, 100.1, 5)).toBe('Neutral');
  });

  it('is exact for fractional thresholds and many decimals', () => {
    expect(direction(1.025, 1, 2.5)).toBe('Bullish');
    expect(direction(0.975, 1, 2.5)).toBe('Bearish');
    expect(direction(1.1, 1.047619, 5)).toBe('Bullish'); // 5.0000047… %
    expect(direction(0.1 + 0.2, 0.3, 0)).toBe('Bullish'); // 0.30000000000000004 > 0.3
  });
});

describe('published precision', () => {
  it('rounds prevClose, change and changePct to 6 decimal places, half away from zero', () => {
    expect(published(-3.6899999999999977)).toBe(-3.69);
    expect(published(2.0000005)).toBe(2.000001);
    expect(published(-2.0000005)).toBe(-2.000001);
    expect(published(1 / 3)).toBe(0.333333);
  });

  it('an enriched bar carries no float noise in change (100.02 − 96.33)', () => {
    const { out } = run([bar('2024-07-10T19:59:00Z', 96.33), bar('2024-07-11T13:30:00Z', 100.02)]);
    expect(100.02 - 96.33).toBe(3.6899999999999977);
    expect(out[1]).toMatchObject({ prevClose: 96.33, change: 3.69, changePct: 3.830582 });
    expect(JSON.stringify(out[1]!.change)).toBe('3.69');
  });
});
