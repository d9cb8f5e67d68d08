import { describe, expect, it } from 'vitest';
import { latencyBetween, latencyWindows, type LatencySample } from './latency-windows.js';

const sample = (sourceMs: number, toEnricherMs: number, toCustomerMs: number): LatencySample => ({
  sourceMs,
  enrichedMs: sourceMs + toEnricherMs,
  receivedMs: sourceMs + toEnricherMs + toCustomerMs,
});

describe('latency windows', () => {
  it('bucket records by when they were ingested, from the first one, whenever they arrived', () => {
    const samples = [
      sample(1_000, 4_000, 1_000), // ingested first, arrives last: still window 0
      sample(5_000, 10, 20),
      sample(11_000, 10, 20),
      sample(12_000, 30, 40),
    ];
    const windows = latencyWindows(samples, 10_000);
    expect(windows.map((w) => [w.fromS, w.count])).toEqual([
      [0, 2],
      [10, 2],
    ]);
    expect(windows[0]).toMatchObject({ p50Ms: 30, p99Ms: 5_000, maxMs: 5_000 });
    expect(windows[0]).toMatchObject({ toEnricherP99Ms: 4_000, toCustomerP99Ms: 1_000 });
    expect(windows[1]).toMatchObject({ p50Ms: 30, p99Ms: 70, toEnricherP99Ms: 30 });
  });

  it('give the percentiles of a span measured from the first record ingested', () => {
    const samples = [sample(0, 900, 100), sample(25_000, 10, 10), sample(30_000, 20, 20)];
    expect(latencyBetween(samples, 20_000, 60_000)).toEqual({ count: 2, p50Ms: 20, p99Ms: 40 });
    expect(latencyBetween(samples, 0, 60_000).p99Ms).toBe(1_000);
  });
});
