// Benchmark, not a test: heap held by the enricher's per-symbol state, built through the real step.
//   npm run bench:memory -w @marketfeed/indicators
//   BENCH_BASELINE=/path/to/old/indicators/dist/index.js  measures an older build in the same run
// For each size, every symbol gets BENCH_MINUTES consecutive minute bars (past every indicator's
// warm-up) and ~5% updated bars, each through parseRawEvent + applyBar + JSON.stringify, exactly
// as the enricher runs them; the states are kept in a Map as the enricher keeps them. Heap used
// (+ ArrayBuffer backing stores) after a full GC, minus the same before, per 1k symbols.
import { isRawBar, parseRawEvent, type CorporateAction } from '@marketfeed/schema';
import * as current from '../src/index.js';
import { seededRandom } from '../test/seeded-random.js';

type Api = Pick<typeof current, 'applyBar' | 'createSymbolState' | 'DEFAULT_ENRICH_CONFIG'>;

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 120);
const BASELINE = process.env.BENCH_BASELINE;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with --expose-gc (npm run bench:memory does)');
  process.exit(2);
}

/** Heap used plus ArrayBuffer backing stores (typed arrays live outside the heap). */
function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const NO_SPLITS: readonly CorporateAction[] = [];
let sink = 0;

/** Feeds `symbols` symbols minute by minute (interleaved like a partition) and returns the states. */
function build(api: Api, symbols: number): Map<string, unknown> {
  const r = seededRandom(7);
  const states = new Map<string, ReturnType<Api['createSymbolState']>>();
  const price = Array.from({ length: symbols }, () => 20 + r() * 500);
  const start = Date.parse('2024-07-11T12:00:00Z'); // 08:00 New York: pre-market into the session
  for (let m = 0; m < MINUTES; m++) {
    const t = new Date(start + m * 60_000).toISOString().replace('.000Z', 'Z');
    for (let s = 0; s < symbols; s++) {
      const p = (price[s] = price[s]! * (1 + (r() - 0.5) * 0.004));
      const c = +p.toFixed(4);
      const bar = {
        T: 'b',
        S: `SYM${s}`,
        o: c,
        h: c,
        l: c,
        c,
        v: Math.floor(r() * 50_000),
        t,
        n: 7,
        vw: c,
      };
      const raws = [JSON.stringify(bar)];
      if (r() < 0.05) raws.push(JSON.stringify({ ...bar, T: 'u', c: +(c * 1.0001).toFixed(4) }));
      for (const raw of raws) {
        const parsed = parseRawEvent(Buffer.from(raw));
        if (!parsed.ok || !isRawBar(parsed.value)) throw new Error('bench data must be valid bars');
        const b = parsed.value;
        let st = states.get(b.S);
        if (!st) states.set(b.S, (st = api.createSymbolState(b.S)));
        const out = api.applyBar(st, b, NO_SPLITS, api.DEFAULT_ENRICH_CONFIG);
        if (out.kind === 'enriched') sink += JSON.stringify(out.bar).length;
      }
    }
  }
  return states;
}

function measure(api: Api, symbols: number): number {
  // One small run first so module-level caches (calendar memo, resolved config) are not counted.
  build(api, 10);
  const before = heapAfterGc();
  const states = build(api, symbols);
  const after = heapAfterGc();
  if (states.size !== symbols) throw new Error('lost a symbol');
  return (after - before) / (symbols / 1000) / 1e6;
}

const variants: Array<[string, Api]> = [['this build', current]];
if (BASELINE) variants.unshift([`baseline ${BASELINE}`, (await import(BASELINE)) as Api]);

console.log(
  `node ${process.version}, ${MINUTES} minutes per symbol + ~5% updated bars; heap used + array buffers after GC, per 1k symbols`,
);
for (const n of SIZES)
  for (const [name, api] of variants)
    console.log(
      `${String(n).padStart(6)} symbols  ${measure(api, n).toFixed(2).padStart(7)} MB per 1k  ${name}`,
    );
if (sink === 42) console.log('');
