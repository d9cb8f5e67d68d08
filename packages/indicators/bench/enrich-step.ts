// Micro-benchmark, not a test: enrich-step throughput on one core versus the bare JSON floor.
//   npm run bench -w @marketfeed/indicators
// step  = parseRawEvent(bytes) (UTF-8 check + JSON.parse + validate) + state lookup + applyBar + JSON.stringify(enriched)
//         (also shown with a serializeState snapshot of the symbol's state after every message)
// floor = JSON.parse(bytes as UTF-8) + JSON.stringify(parsed), over the same messages in the same run.
// BENCH_BASELINE=/path/to/old/indicators/dist/index.js adds the step of that build, in the same rounds.
// BENCH_CURRENT=/path/to/a/dist/index.js measures that build instead of src (e.g. this tree built
// with a shorter registry); the generated-stringify lines, which expect the schema's fields, are left out.
// BENCH_ONLY=<regexp> keeps only the lines whose name matches (the floor line is always kept).
import {
  parseRawEvent,
  isRawBar,
  validateRawEvent,
  type CorporateAction,
  type EnrichedBarV1,
  type RawBar,
} from '@marketfeed/schema';
import * as src from '../src/index.js';
import type { SymbolState } from '../src/index.js';
import { generatedStringify } from './generated-stringify.js';
import { interleavedBars } from './interleaved-bars.js';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 500);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const BASELINE = process.env.BENCH_BASELINE;
const CURRENT = process.env.BENCH_CURRENT;
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
type Api = Pick<typeof src, 'applyBar' | 'createSymbolState' | 'DEFAULT_ENRICH_CONFIG'>;
const current = CURRENT ? ((await import(CURRENT)) as typeof src) : src;
const { applyBar, createSymbolState, DEFAULT_ENRICH_CONFIG, serializeState } = current;
const baseline = BASELINE ? ((await import(BASELINE)) as Api) : null;

/** Raw bar messages as the enricher receives them: one Buffer per record. */
const msgs = interleavedBars(SYMBOLS, MINUTES).map((bar) => Buffer.from(JSON.stringify(bar)));
const NO_SPLITS: readonly CorporateAction[] = [];
let sink = 0;

function floor(): number {
  const t0 = process.hrtime.bigint();
  for (const b of msgs) sink += JSON.stringify(JSON.parse(b.toString('utf8'))).length;
  return Number(process.hrtime.bigint() - t0);
}

type Variant = { encode: (b: EnrichedBarV1) => string; snapshot: boolean; api?: Api };

function step({ encode, snapshot, api = current }: Variant): number {
  const states = new Map<string, SymbolState>();
  const t0 = process.hrtime.bigint();
  for (const b of msgs) {
    const r = parseRawEvent(b);
    if (!r.ok || !isRawBar(r.value)) throw new Error('bench data must be valid bars');
    const bar = r.value;
    let s = states.get(bar.S);
    if (!s) states.set(bar.S, (s = api.createSymbolState(bar.S)));
    const out = api.applyBar(s, bar, NO_SPLITS, api.DEFAULT_ENRICH_CONFIG);
    if (out.kind === 'enriched') sink += encode(out.bar).length;
    if (snapshot) sink += serializeState(s).length;
  }
  return Number(process.hrtime.bigint() - t0);
}

/** The enriched record each message produces (null for duplicates), for the same-bytes JSON floor. */
function enrichedOutputs(): Array<EnrichedBarV1 | null> {
  const states = new Map<string, SymbolState>();
  return msgs.map((b) => {
    const r = parseRawEvent(b);
    if (!r.ok || !isRawBar(r.value)) throw new Error('bench data must be valid bars');
    let s = states.get(r.value.S);
    if (!s) states.set(r.value.S, (s = createSymbolState(r.value.S)));
    const out = applyBar(s, r.value, NO_SPLITS, DEFAULT_ENRICH_CONFIG);
    // Kept as a JSON.parse copy: records from applyBar kept alive here made V8 pretenure the
    // record's allocation site, so the measured build's step then allocated every record in the
    // old generation and an A/A run read 0.79-0.87x (docs/benchmarks/indicators.md, session 7).
    return out.kind === 'enriched' ? (JSON.parse(JSON.stringify(out.bar)) as EnrichedBarV1) : null;
  });
}
const outputs = enrichedOutputs();

/** JSON.parse of the raw message + JSON.stringify of the enriched record it yields: bare JSON work for the step's own input and output. */
function jsonInOut(): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < msgs.length; i++) {
    sink += JSON.parse(msgs[i]!.toString('utf8')).v;
    const o = outputs[i];
    if (o) sink += JSON.stringify(o).length;
  }
  return Number(process.hrtime.bigint() - t0);
}

// Components of the step, each alone over the same messages.
const parsed = msgs.map((b) => JSON.parse(b.toString('utf8')) as RawBar);
const enrichedOnly = outputs.filter((o): o is EnrichedBarV1 => o !== null);
function timed(body: () => void): number {
  const t0 = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - t0);
}
const parseOnly = () =>
  timed(() => msgs.forEach((b) => (sink += (JSON.parse(b.toString('utf8')) as RawBar).v)));
const parseRawOnly = () => timed(() => msgs.forEach((b) => (sink += parseRawEvent(b).ok ? 1 : 0)));
const validateOnly = () =>
  timed(() => parsed.forEach((o) => (sink += validateRawEvent(o).ok ? 1 : 0)));
const applyOnly =
  (api: Api = current) =>
  () =>
    timed(() => {
      const states = new Map<string, SymbolState>();
      for (const bar of parsed) {
        let s = states.get(bar.S);
        if (!s) states.set(bar.S, (s = api.createSymbolState(bar.S)));
        sink += api.applyBar(s, bar, NO_SPLITS, api.DEFAULT_ENRICH_CONFIG).kind.length;
      }
    });
const stringifyEnrichedOnly = () =>
  timed(() => enrichedOnly.forEach((o) => (sink += JSON.stringify(o).length)));
// A candidate is only timed if it writes the very bytes JSON.stringify writes.
if (!CURRENT)
  for (const o of enrichedOnly)
    if (generatedStringify(o) !== JSON.stringify(o))
      throw new Error(`generated stringify differs for ${JSON.stringify(o)}`);
const generatedOnly = () =>
  timed(() => enrichedOnly.forEach((o) => (sink += generatedStringify(o).length)));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const rate = (ns: number) => (msgs.length / ns) * 1e9;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const allVariants: Array<[string, () => number]> = [
  ['floor  JSON.parse + JSON.stringify (raw message)', floor],
  ['       JSON.parse raw + JSON.stringify enriched  ', jsonInOut],
  [
    'step   parse+validate+enrich+JSON.stringify      ',
    () => step({ encode: (b) => JSON.stringify(b), snapshot: false }),
  ],
  [
    'step   ... + serializeState every message        ',
    () => step({ encode: (b) => JSON.stringify(b), snapshot: true }),
  ],
  [
    'step   with the generated stringify              ',
    () => step({ encode: generatedStringify, snapshot: false }),
  ],
  ...(baseline
    ? ([
        [
          'step   of the BENCH_BASELINE build               ',
          () => step({ encode: (b) => JSON.stringify(b), snapshot: false, api: baseline }),
        ],
      ] as Array<[string, () => number]>)
    : []),
  ['  component: JSON.parse raw                       ', parseOnly],
  ['  component: parseRawEvent (decode+parse+validate)', parseRawOnly],
  ['  component: validateRawEvent alone               ', validateOnly],
  ['  component: applyBar alone                       ', applyOnly()],
  ...(baseline
    ? ([['  component: applyBar of the BENCH_BASELINE build ', applyOnly(baseline)]] as Array<
        [string, () => number]
      >)
    : []),
  ['  component: JSON.stringify enriched alone        ', stringifyEnrichedOnly],
  ['  component: generated stringify alone            ', generatedOnly],
];
const variants = allVariants.filter(
  ([name], k) =>
    k === 0 || ((!CURRENT || !name.includes('generated')) && (!ONLY || ONLY.test(name))),
);
// Warm up every path so all are measured optimised; interleave rounds so load drift hits all alike.
for (const [, run] of variants) run();
const times = variants.map(() => [] as number[]);
// Each round starts one line further on, so every line runs in every position: in a fixed order
// the line after the floor paid the floor's garbage, and an A/A run (one build against a copy
// of itself) read 0.79-0.85x (docs/benchmarks/indicators.md, session 7).
for (let i = 0; i < ROUNDS; i++)
  for (let j = 0; j < variants.length; j++) {
    const k = (i + j) % variants.length;
    times[k]!.push(variants[k]![1]());
  }
// Minimum over rounds estimates the uncontended cost on a shared machine; the median is shown too.
const fMin = Math.min(...times[0]!);
const fMed = median(times[0]!);
console.log(
  `node ${process.version}, ${msgs.length} messages (${SYMBOLS} symbols x ${MINUTES} minutes + ~5% revisions), ${ROUNDS} rounds, one core`,
);
console.log(
  `${''.padEnd(50)} ${'best msg/s'.padStart(11)} ${'ns/msg'.padStart(7)} ${'x floor'.padStart(8)}   ${'median msg/s'.padStart(12)} ${'x floor'.padStart(8)}`,
);
variants.forEach(([name], k) => {
  const min = Math.min(...times[k]!);
  const med = median(times[k]!);
  console.log(
    `${name.padEnd(50)} ${fmt(rate(min)).padStart(11)} ${(min / msgs.length).toFixed(0).padStart(7)} ${(fMin / min).toFixed(2).padStart(8)}   ${fmt(rate(med)).padStart(12)} ${(fMed / med).toFixed(2).padStart(8)}`,
  );
});
// Issue 13's criterion reads this directly: the step's throughput over the baseline build's.
const stepAt = variants.findIndex(([name]) => name.startsWith('step   parse'));
const baseAt = variants.findIndex(([name]) => name.startsWith('step   of the BENCH_BASELINE'));
if (stepAt >= 0 && baseAt >= 0) {
  const [s, b] = [times[stepAt]!, times[baseAt]!];
  console.log(
    `step throughput / BENCH_BASELINE step: best ${(Math.min(...b) / Math.min(...s)).toFixed(2)}x, median ${(median(b) / median(s)).toFixed(2)}x, faster in ${s.filter((t, i) => t < b[i]!).length} of ${ROUNDS} rounds`,
  );
}
if (sink === 42) console.log('');
