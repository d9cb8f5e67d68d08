// Micro-benchmark, not a test: applyBar alone, this build against BENCH_BASELINE (a copy of an
// older dist/index.js), in alternating paired rounds, timed in process CPU time rather than wall
// time: on the shared 2-core machine the wall clock mostly measures the other processes.
//   BENCH_BASELINE=/tmp/ind-before/index.js npx tsx bench/apply-bar-cpu.ts
// BENCH_CURRENT=/path/to/a/dist/index.js measures that build instead of src (e.g. this tree built
// with a shorter registry, docs/benchmarks/indicators.md, session 6).
import * as src from '../src/index.js';
import { interleavedBars } from './interleaved-bars.js';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 500);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const BASELINE = process.env.BENCH_BASELINE;
if (!BASELINE) {
  console.error('set BENCH_BASELINE to the dist/index.js of the build to compare with');
  process.exit(2);
}
type Api = Pick<typeof src, 'applyBar' | 'createSymbolState' | 'DEFAULT_ENRICH_CONFIG'>;
const baseline = (await import(BASELINE)) as Api;
const current: Api = process.env.BENCH_CURRENT ? await import(process.env.BENCH_CURRENT) : src;

const input = interleavedBars(SYMBOLS, MINUTES);
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
