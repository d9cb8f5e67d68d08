// Micro-benchmark, not a test: applyBar alone, this build against BENCH_BASELINE (a copy of an
// older dist/index.js), in alternating paired rounds, timed in process CPU time rather than wall
// time: on the shared 2-core machine the wall clock mostly measures the other processes.
//   BENCH_BASELINE=/tmp/ind-before/index.js npx tsx bench/apply-bar-cpu.ts
import type { RawBar } from '@marketfeed/schema';
import * as current from '../src/index.js';
import { seededRandom } from '../test/seeded-random.js';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 500);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const BASELINE = process.env.BENCH_BASELINE;
if (!BASELINE) {
  console.error('set BENCH_BASELINE to the dist/index.js of the build to compare with');
  process.exit(2);
}
type Api = Pick<typeof current, 'applyBar' | 'createSymbolState' | 'DEFAULT_ENRICH_CONFIG'>;
const baseline = (await import(BASELINE)) as Api;

/** The bars of enrich-step.ts: symbols interleaved minute by minute, ~5% revisions. */
function bars(): RawBar[] {
  const r = seededRandom(7);
  const out: RawBar[] = [];
  const price = Array.from({ length: SYMBOLS }, () => 20 + r() * 500);
  const start = Date.parse('2024-07-11T08:00:00Z');
  for (let m = 0; m < MINUTES; m++) {
    const t = new Date(start + m * 60_000).toISOString().replace('.000Z', 'Z');
    for (let s = 0; s < SYMBOLS; s++) {
      const p = (price[s] = price[s]! * (1 + (r() - 0.5) * 0.004));
      const o = +(p * (1 + (r() - 0.5) * 0.001)).toFixed(4);
      const c = +p.toFixed(4);
      const bar: RawBar = {
        T: 'b',
        S: `SYM${s}`,
        o,
        h: +(Math.max(o, c) * 1.0005).toFixed(4),
        l: +(Math.min(o, c) * 0.9995).toFixed(4),
        c,
        v: Math.floor(r() * 50_000),
        t,
        n: Math.floor(r() * 400),
        vw: +((o + c) / 2).toFixed(4),
      };
      out.push(bar);
      if (r() < 0.05) out.push({ ...bar, T: 'u', c: +(c * 1.0001).toFixed(4), v: bar.v + 100 });
    }
  }
  return out;
}

const input = bars();
let sink = 0;
/** CPU ns per bar of one pass over fresh states. */
function pass(api: Api): number {
  const states = new Map<string, ReturnType<Api['createSymbolState']>>();
  const c0 = process.cpuUsage();
  for (const bar of input) {
    let s = states.get(bar.S);
    if (!s) states.set(bar.S, (s = api.createSymbolState(bar.S)));
    sink += api.applyBar(s, bar, [], api.DEFAULT_ENRICH_CONFIG).kind.length;
  }
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) * 1000) / input.length;
}

pass(current);
pass(baseline);
const now: number[] = [];
const before: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Alternate which goes first so a drift in load or GC debt does not favour one.
  if (i % 2) {
    before.push(pass(baseline));
    now.push(pass(current));
  } else {
    now.push(pass(current));
    before.push(pass(baseline));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const ratios = now.map((n, i) => n / before[i]!);
console.log(`node ${process.version}, ${input.length} bars, ${ROUNDS} paired rounds, CPU ns/bar`);
console.log(`this build  min ${Math.min(...now).toFixed(0)}  median ${median(now).toFixed(0)}`);
console.log(
  `baseline    min ${Math.min(...before).toFixed(0)}  median ${median(before).toFixed(0)}`,
);
console.log(
  `this/baseline per round: median ${median(ratios).toFixed(3)}, faster in ${ratios.filter((x) => x < 1).length} of ${ROUNDS}`,
);
if (sink === 42) console.log('');
