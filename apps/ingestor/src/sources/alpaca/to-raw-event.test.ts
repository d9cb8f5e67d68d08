import { describe, expect, it } from 'vitest';
import { barToRaw, normaliseTimestamp, tradeToRaw } from './to-raw-event.js';

describe('normaliseTimestamp', () => {
  it('gives a minute bar one spelling whether it came as msgpack, JSON or REST', () => {
    expect(normaliseTimestamp('2024-01-02T14:30:00.000000000Z')).toBe('2024-01-02T14:30:00Z');
    expect(normaliseTimestamp('2024-01-02T14:30:00Z')).toBe('2024-01-02T14:30:00Z');
    expect(normaliseTimestamp('2024-01-02T14:30:00.000Z')).toBe('2024-01-02T14:30:00Z');
  });
  it('keeps significant sub-second digits', () => {
    expect(normaliseTimestamp('2024-01-02T14:30:01.123400000Z')).toBe('2024-01-02T14:30:01.1234Z');
  });
});

describe('SDK shapes back to the raw wire form', () => {
  it('maps a bar', () => {
    const raw = barToRaw('u', {
      symbol: 'AAPL',
      open: 1,
      high: 2,
      low: 0.5,
      close: 1.5,
      volume: 10,
      vwap: 1.1,
      tradeCount: 2,
      timestamp: new Date('2024-01-02T14:30:00Z'),
      timestampRaw: '2024-01-02T14:30:00.000000000Z',
    });
    expect(raw).toEqual({
      T: 'u',
      S: 'AAPL',
      o: 1,
      h: 2,
      l: 0.5,
      c: 1.5,
      v: 10,
      t: '2024-01-02T14:30:00Z',
      n: 2,
      vw: 1.1,
    });
  });
  it('maps a trade', () => {
    const raw = tradeToRaw({
      symbol: 'AAPL',
      id: 5,
      exchange: 'V',
      price: 1,
      size: 3,
      conditions: ['@'],
      tape: 'C',
      timestamp: new Date('2024-01-02T14:30:00.5Z'),
    });
    expect(raw).toEqual({
      T: 't',
      S: 'AAPL',
      i: 5,
      x: 'V',
      p: 1,
      s: 3,
      c: ['@'],
      t: '2024-01-02T14:30:00.5Z',
      z: 'C',
    });
  });
});
