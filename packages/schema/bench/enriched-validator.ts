// Is the hand-written enriched-bar validator still worth keeping next to the zod definition?
// Interleaved rounds of both over the same decoded bars; prints ns/bar and the ratio.
import { enrichedBarSchema, validateEnrichedBar } from '../src/index.js';
import { exampleEnrichedBar } from '../testing/example-enriched-bar.js';

const N = Number(process.env.BENCH_BARS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const bars = Array.from(
  { length: N },
  (_, i) =>
    JSON.parse(
      JSON.stringify(exampleEnrichedBar({ seq: i + 1, close: 190 + (i % 100) / 100 })),
    ) as unknown,
);
const lines = {
  'hand validator (validateEnrichedBar)': () => {
    let ok = 0;
    for (const b of bars) if (validateEnrichedBar(b).ok) ok++;
    return ok;
  },
  'zod (enrichedBarSchema.safeParse)': () => {
    let ok = 0;
    for (const b of bars) if (enrichedBarSchema.safeParse(b).success) ok++;
    return ok;
  },
};
const best = new Map<string, number>();
for (let r = 0; r < ROUNDS; r++)
  for (const [name, run] of Object.entries(lines)) {
    const t0 = process.hrtime.bigint();
    if (run() !== N) throw new Error(`${name}: not every bar valid`);
    const ns = Number(process.hrtime.bigint() - t0) / N;
    best.set(name, Math.min(best.get(name) ?? Infinity, ns));
  }
const hand = best.get('hand validator (validateEnrichedBar)')!;
console.log(`node ${process.version}, ${N} bars, ${ROUNDS} interleaved rounds, best round`);
for (const [name, ns] of best)
  console.log(
    `${name.padEnd(40)} ${ns.toFixed(0).padStart(6)} ns/bar  ${(ns / hand).toFixed(2)} x hand`,
  );
