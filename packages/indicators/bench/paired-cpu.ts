// Micro-benchmark, not a test: this build against BENCH_BASELINE (another build's dist/index.js)
// in paired chunks of process CPU time, with a bootstrap interval of the ratio (paired-ratio.ts).
//   BENCH_BASELINE=/tmp/before/index.js node --single-threaded-gc --import tsx bench/paired-cpu.ts
// BENCH_MEASURE=step (default): what the enricher does per record — parseRawEvent of the bytes,
//   applyBar, JSON.stringify of the enriched record (enrich-step.ts's "step", timed in CPU time).
// BENCH_MEASURE=applyBar: applyBar alone over pre-parsed bars.
// BENCH_CURRENT=/path/to/a/dist/index.js measures that build instead of src; set it to
// BENCH_BASELINE for an A/A run, which shows how wide the interval is when nothing differs.
// --single-threaded-gc keeps the collector's work on the main thread, where it is still timed,
// instead of on helper threads whose scheduling on a shared 2-core host adds noise.
import { isRawBar, parseRawEvent, type RawBar } from '@marketfeed/schema';
import * as src from '../src/index.js';
import { interleavedBars } from './interleaved-bars.js';
import { median, pairedRatio } from './paired-ratio.js';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 500);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const MEASURE = process.env.BENCH_MEASURE ?? 'step';
// ~40 ms of CPU per chunk either way: long enough for the CPU clock, short enough to pair.
const CHUNK = Number(process.env.BENCH_CHUNK ?? (MEASURE === 'step' ? 5000 : 50_000));
const BASELINE = process.env.BENCH_BASELINE;
if (!BASELINE || (MEASURE !== 'step' && MEASURE !== 'applyBar')) {
  console.error(
    'set BENCH_BASELINE to the dist/index.js of the build to compare with; BENCH_MEASURE is step or applyBar',
  );
  process.exit(2);
}
type Api = Pick<typeof src, 'applyBar' | 'createSymbolState' | 'DEFAULT_ENRICH_CONFIG'>;
const baseline = (await import(BASELINE)) as Api;
const current: Api = process.env.BENCH_CURRENT ? await import(process.env.BENCH_CURRENT) : src;

const bars = interleavedBars(SYMBOLS, MINUTES);
const msgs = bars.map((bar) => Buffer.from(JSON.stringify(bar)));
let sink = 0;

type States = Map<string, ReturnType<Api['createSymbolState']>>;
function stateOf(api: Api, states: States, symbol: string) {
  let s = states.get(symbol);
  if (!s) states.set(symbol, (s = api.createSymbolState(symbol)));
  return s;
}

/** The enricher's work per record for messages [from, to). */
function step(api: Api, states: States, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const r = parseRawEvent(msgs[i]!);
    if (!r.ok || !isRawBar(r.value)) throw new Error('bench data must be valid bars');
    const bar: RawBar = r.value;
    const out = api.applyBar(stateOf(api, states, bar.S), bar, [], api.DEFAULT_ENRICH_CONFIG);
    if (out.kind === 'enriched') sink += JSON.stringify(out.bar).length;
  }
}

function applyOnly(api: Api, states: States, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const bar = bars[i]!;
    sink += api.applyBar(stateOf(api, states, bar.S), bar, [], api.DEFAULT_ENRICH_CONFIG).kind
      .length;
  }
}

const body = MEASURE === 'step' ? step : applyOnly;
/** CPU ns per message of one chunk. */
function timed(api: Api, states: States, from: number, to: number): number {
  const c0 = process.cpuUsage();
  body(api, states, from, to);
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) * 1000) / (to - from);
}

// Each round runs the whole feed through both builds, each with fresh states of its own, chunk
// by chunk: a chunk through one build, then the same chunk through the other (alternating which
// goes first). A pair of chunks is ~50 ms apart, so a burst of load on this shared host mostly
// hits both sides of a pair; whole passes seconds apart did not pair (an A/A run of 30 such
// rounds gave an interval of 0.87-1.02x).
const now: number[] = [];
const before: number[] = [];
for (let round = -1; round < ROUNDS; round++) {
  const [mine, theirs]: [States, States] = [new Map(), new Map()];
  for (let from = 0, k = 0; from < msgs.length; from += CHUNK, k++) {
    const to = Math.min(msgs.length, from + CHUNK);
    let a: number;
    let b: number;
    if ((round + k) % 2) {
      b = timed(baseline, theirs, from, to);
      a = timed(current, mine, from, to);
    } else {
      a = timed(current, mine, from, to);
      b = timed(baseline, theirs, from, to);
    }
    // Round -1 warms both builds up (optimised code for every path) and is not counted.
    if (round >= 0) {
      now.push(a);
      before.push(b);
    }
  }
}
const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
const r = pairedRatio(before, now);
const gc = process.execArgv.includes('--single-threaded-gc') ? ', single-threaded GC' : '';
console.log(
  `node ${process.version}, ${MEASURE}, ${msgs.length} messages in chunks of ${CHUNK}, ${ROUNDS} rounds (${r.rounds} chunk pairs)${gc}, CPU ns/message`,
);
console.log(
  `this build  mean ${(sum(now) / now.length).toFixed(0)}  median chunk ${median(now).toFixed(0)}`,
);
console.log(
  `baseline    mean ${(sum(before) / before.length).toFixed(0)}  median chunk ${median(before).toFixed(0)}`,
);
console.log(
  `throughput this/baseline: median of chunk pairs ${r.median.toFixed(3)}x, 95% interval ${r.low.toFixed(3)}-${r.high.toFixed(3)}x, faster in ${r.won} of ${r.rounds}`,
);
if (sink === 42) console.log('');
