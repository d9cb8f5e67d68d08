import type { CorporateAction, EnrichedBarV1, RawBar } from '@marketfeed/schema';
import { seededRandom } from './seeded-random.js';
import {
  applyBar,
  createSymbolState,
  DEFAULT_ENRICH_CONFIG,
  sessionOf,
  type EnrichConfig,
  type StepResult,
  type SymbolState,
} from '../src/index.js';
import { expect } from 'vitest';

export function bar(t: string, c: number, extra: Partial<RawBar> = {}): RawBar {
  return { T: 'b', S: 'AMZN', o: c, h: c, l: c, c, v: 100, t, n: 10, vw: c, ...extra };
}

/** Applies bars in order and returns the enriched ones (asserting nothing else came out unless asked). */
export function run(
  bars: RawBar[],
  opts: { state?: SymbolState; splits?: CorporateAction[]; config?: EnrichConfig } = {},
): { state: SymbolState; out: EnrichedBarV1[]; results: StepResult[] } {
  const state = opts.state ?? createSymbolState('AMZN');
  const results = bars.map((b) =>
    applyBar(state, b, opts.splits ?? [], opts.config ?? DEFAULT_ENRICH_CONFIG),
  );
  const out = results.flatMap((r) => (r.kind === 'enriched' ? [r.bar] : []));
  return { state, out, results };
}

export function enriched(r: StepResult): EnrichedBarV1 {
  if (r.kind !== 'enriched') throw new Error(`expected an enriched bar, got ${r.kind}`);
  return r.bar;
}

/** Consecutive regular-session minutes of one New York summer day, as ISO UTC. */
export function minutes(date: string, count: number, startUtc = '13:30'): string[] {
  const start = Date.parse(`${date}T${startUtc}:00Z`);
  return Array.from({ length: count }, (_, i) =>
    new Date(start + i * 60_000).toISOString().replace('.000Z', 'Z'),
  );
}

/** `count` consecutive extended-hours minutes (pre, regular, post) from `startIso`, skipping closed time. */
export function tradingMinutes(startIso: string, count: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(startIso); out.length < count; t += 60_000) {
    const iso = new Date(t).toISOString().replace('.000Z', 'Z');
    if (sessionOf(iso).session !== 'closed') out.push(iso);
  }
  return out;
}

/** Deterministic pseudo-random walk, so a failure reproduces. */
export function randomWalk(n: number, seed: number): { closes: number[]; volumes: number[] } {
  const rnd = seededRandom(seed);
  const closes: number[] = [];
  const volumes: number[] = [];
  let p = 100;
  for (let i = 0; i < n; i++) {
    p = Math.max(0.01, p * (1 + (rnd() - 0.5) * 0.01));
    closes.push(Number(p.toFixed(4)));
    volumes.push(Math.floor(rnd() * 10_000));
  }
  return { closes, volumes };
}

export function expectClose(
  actual: (number | null)[],
  expected: number[],
  tolerance: (e: number) => number,
): void {
  const defined = actual.filter((v): v is number => v !== null);
  // The library emits nothing during warm-up, so its output aligns with the tail of ours.
  expect(defined.length).toBe(expected.length);
  expect(actual.length - defined.length).toBe(actual.findIndex((v) => v !== null));
  defined.forEach((v, i) =>
    expect(Math.abs(v - expected[i]!), `index ${i}`).toBeLessThanOrEqual(tolerance(expected[i]!)),
  );
}
