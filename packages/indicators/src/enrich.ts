import { ENRICHED_BAR_SCHEMA } from '@marketfeed/schema';
import type { CorporateAction, EnrichedBarV1, RawBar, Session, Signal } from '@marketfeed/schema';
import { SESSION_MINUTES, momentOf, parseTimestampMs, type Moment } from './calendar.js';
import type { EnrichConfig } from './config.js';
import type { AnyIndicator, BarContext, Outputs } from './indicator.js';
import { INDICATORS } from './indicators/registry.js';
import { published } from './precision.js';
import { OFFSETS, copySlab } from './slab.js';
import { direction } from './rules/direction.js';
import {
  adoptParams,
  emptySeries,
  emptyState,
  resolveParams,
  type Resolved,
  type SeriesState,
  type SymbolState,
} from './state.js';

/** Session dates whose minute bars are remembered for duplicate/revision detection. */
const TRACKED_DAYS = 2;
/** Session dates whose session-close candidates are kept for prevClose. */
const KEPT_CLOSES = 5;
const EXTENDED_MINUTES = SESSION_MINUTES.POST_CLOSE - SESSION_MINUTES.PRE_OPEN;
const BITMAP_WORDS = Math.ceil(EXTENDED_MINUTES / 32);

export type StepResult =
  | { kind: 'enriched'; bar: EnrichedBarV1 }
  | { kind: 'duplicate' }
  | { kind: 'state-only' }
  | { kind: 'ignored' };

const DUPLICATE: StepResult = Object.freeze({ kind: 'duplicate' });
const STATE_ONLY: StepResult = Object.freeze({ kind: 'state-only' });
const IGNORED: StepResult = Object.freeze({ kind: 'ignored' });

export function createSymbolState(symbol: string): SymbolState {
  return emptyState(symbol);
}

// ---- duplicate / revision bookkeeping ----

/** Bitmap of the bar's session day, creating it if the day is among the newest TRACKED_DAYS; null if too old. */
function seenBitmap(state: SymbolState, day: number): number[] | null {
  const seen = state.seen;
  for (let i = seen.length - 1; i >= 0; i--) {
    const e = seen[i]!;
    if (e[0] === day) return e[1];
  }
  if (seen.length >= TRACKED_DAYS && day < seen[0]![0]) return null;
  const bits = new Array<number>(BITMAP_WORDS).fill(0);
  let at = seen.length;
  while (at > 0 && seen[at - 1]![0] > day) at--;
  seen.splice(at, 0, [day, bits]);
  if (seen.length > TRACKED_DAYS) {
    seen.shift();
    // Revision counts of a day that is no longer tracked can never be used again.
    const oldest = seen[0]![0] * 86_400_000 + 4 * 3_600_000; // the oldest tracked day starts no earlier than 04:00 New York
    for (const k of state.revisions.keys()) if (k < oldest) state.revisions.delete(k);
  }
  return bits;
}

// ---- session closes ----

function closeEntry(
  state: SymbolState,
  date: string,
): [string, number, number | null, number | null] | null {
  const list = state.closesByDate;
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i]!;
    if (e[0] === date) return e;
    if (e[0] < date) break;
  }
  if (list.length >= KEPT_CLOSES && date < list[0]![0]) return null;
  const e: [string, number, number | null, number | null] = [date, -1, null, null];
  let at = list.length;
  while (at > 0 && list[at - 1]![0] > date) at--;
  list.splice(at, 0, e);
  if (list.length > KEPT_CLOSES) list.shift();
  return e;
}

function noteRegularClose(state: SymbolState, date: string, ms: number, close: number): void {
  const e = closeEntry(state, date);
  if (e && ms >= e[1]) {
    e[1] = ms;
    e[2] = close;
  }
}

/** The close customers compare against: [split-adjusted prevClose, its date, whether a split applied]. */
function previousClose(
  state: SymbolState,
  date: string,
  splits: readonly CorporateAction[],
): [number, string, boolean] | null {
  const list = state.closesByDate;
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i]!;
    if (e[0] >= date) continue;
    const raw = e[3] ?? e[2];
    if (raw === null) continue;
    let factor = 1;
    let adjusted = false;
    for (const s of splits) {
      if (s.type === 'cash_dividend' || s.ex_date <= e[0] || s.ex_date > date) continue;
      factor *= s.new_rate / s.old_rate;
      adjusted = true;
    }
    return [adjusted ? raw / factor : raw, e[0], adjusted];
  }
  return null;
}

// ---- the indicator series ----

/** Every indicator's output fields, in registry order: what an enriched bar carries. */
const FIELDS: readonly string[] = INDICATORS.flatMap((i) => Object.keys(i.outputs));

/**
 * Every field of the record in publication order, all null: cloned per bar so each record
 * starts with the same hidden class. Adding the registry's fields one by one to a literal
 * instead would turn the record into a slow dictionary-mode object (V8 caps added properties).
 * Built field by field it keeps all but its first 19 fields in a separate property store, and
 * so would every clone; read back through JSON.parse it holds every field in the object itself
 * (V8 sizes a parsed object for its fields), so a clone is one allocation and one copy.
 */
const RECORD_TEMPLATE: Record<string, unknown> = (() => {
  const t: Record<string, unknown> = {
    schema: ENRICHED_BAR_SCHEMA,
    symbol: null,
    timestamp: null,
    open: null,
    high: null,
    low: null,
    close: null,
    volume: null,
    vwap: null,
    tradeCount: null,
    revision: null,
    seq: null,
    sessionDate: null,
    session: null,
    prevClose: null,
    prevCloseDate: null,
    change: null,
    changePct: null,
    indicator: null,
  };
  for (const f of FIELDS) t[f] = null;
  t.signals = null;
  t.splitAdjusted = null;
  return JSON.parse(JSON.stringify(t)) as Record<string, unknown>;
})();

/** Resolved parameters per config object (configs are long-lived; resolving validates them once). */
const resolvedByConfig = new WeakMap<EnrichConfig, Resolved>();
// The config of the previous bar and its parameters: a service uses one config, so most bars
// skip the WeakMap lookup.
let lastConfig: EnrichConfig | null = null;
let lastResolved: Resolved | null = null;
function resolved(config: EnrichConfig): Resolved {
  if (config === lastConfig) return lastResolved!;
  let r = resolvedByConfig.get(config);
  if (r === undefined) {
    r = resolveParams(config);
    resolvedByConfig.set(config, r);
  }
  lastConfig = config;
  lastResolved = r;
  return r;
}

/** Validates a config the way the first bar would: throws RangeError naming the bad field. */
export function checkEnrichConfig(config: EnrichConfig): void {
  resolved(config);
}

/** Rescales the shared ring and each indicator on the first bar on/after a split's ex-date, so indicators stay continuous. */
function applySplits(
  state: SymbolState,
  s: SeriesState,
  from: string,
  to: string,
  splits: readonly CorporateAction[],
): boolean {
  let factor = 1;
  let any = false;
  for (const a of splits) {
    if (a.type === 'cash_dividend' || a.ex_date <= from || a.ex_date > to) continue;
    factor *= a.new_rate / a.old_rate;
    any = true;
  }
  if (!any || factor === 1) return any;
  const { closes, volumes } = state;
  for (let i = 0; i < closes.length; i++) {
    closes[i] = closes[i]! / factor;
    volumes[i] = volumes[i]! * factor;
  }
  for (let i = 0; i < INDICATORS.length; i++) INDICATORS[i]!.split(s.slab, OFFSETS[i]!, factor);
  return true;
}

/**
 * The record the current bar becomes: the indicators write their outputs straight into it
 * (module scratch: `applyBar` is synchronous). Starts as a clone of RECORD_TEMPLATE.
 */
let record: Outputs & Record<string, unknown> = {};

/** Each indicator's step in registry order, read once instead of through its object per bar. */
const STEPS: readonly AnyIndicator['step'][] = INDICATORS.map((i) => i.step);

type Step = AnyIndicator['step'];
// The first eight steps each get a call site of their own. One call in a loop over STEPS sees
// every indicator's step, so V8 calls through its generic Call builtin; a site per index sees
// one target and calls (or inlines) it directly: applyBar 5-9 % less CPU with five indicators
// (bench/paired-cpu.ts, both orders; docs/benchmarks/indicators.md, session 7). A longer
// registry runs the rest in the loop.
const UNROLLED = 8;
const noStep: Step = () => {};
const [S0, S1, S2, S3, S4, S5, S6, S7] = Array.from(
  { length: UNROLLED },
  (_, i) => STEPS[i] ?? noStep,
) as [Step, Step, Step, Step, Step, Step, Step, Step];
const [O0, O1, O2, O3, O4, O5, O6, O7] = Array.from(
  { length: UNROLLED },
  (_, i) => OFFSETS[i] ?? 0,
) as [number, number, number, number, number, number, number, number];

function runSteps(slab: number[], params: readonly unknown[], c: BarContext, out: Outputs): void {
  S0(slab, O0, params[0], c, out);
  S1(slab, O1, params[1], c, out);
  S2(slab, O2, params[2], c, out);
  S3(slab, O3, params[3], c, out);
  S4(slab, O4, params[4], c, out);
  S5(slab, O5, params[5], c, out);
  S6(slab, O6, params[6], c, out);
  S7(slab, O7, params[7], c, out);
  for (let i = UNROLLED; i < STEPS.length; i++) STEPS[i]!(slab, OFFSETS[i]!, params[i], c, out);
}

// The shared ring as the current step sees it (module scratch like `record`).
let ringCloses: number[] = [];
let ringVolumes: number[] = [];
let ringSlot = 0;
let evictedClose = 0;
let evictedVolume = 0;

// Ring walks step the index with a wrap test instead of `%` per element: an integer division
// per close read was a visible share of Bollinger's 40 reads per bar. Oldest first: the order
// of the additions is part of the published values.
function sumAgo(ring: number[], n: number): number {
  const size = ring.length;
  let s = 0;
  const m = Math.min(n, ctx.count + 1);
  let i = slotAgo(size, m - 1);
  for (let k = m; k > 0; k--) {
    s += ring[i]!;
    i = i + 1 === size ? 0 : i + 1;
  }
  return s;
}

/** Slot of the value `k` bars ago (0 <= k <= ring size). */
function slotAgo(size: number, k: number): number {
  const i = ringSlot - k;
  return i < 0 ? i + size : i;
}

const ctx: BarContext = {
  close: 0,
  volume: 0,
  vw: 0,
  date: '',
  day: 0,
  session: 'regular',
  count: 0,
  wrapped: false,
  signals: [],
  closeAgo: (k) =>
    k === ringCloses.length ? evictedClose : ringCloses[slotAgo(ringCloses.length, k)]!,
  volumeAgo: (k) =>
    k === ringVolumes.length ? evictedVolume : ringVolumes[slotAgo(ringVolumes.length, k)]!,
  sumCloses: (n) => sumAgo(ringCloses, n),
  sumVolumes: (n) => sumAgo(ringVolumes, n),
};

/** One step of every indicator for a new minute bar; mutates state.series and the rings, fills `record`. */
function step(
  state: SymbolState,
  r: Resolved,
  close: number,
  volume: number,
  vw: number,
  date: string,
  day: number,
  session: Session,
  split: boolean,
): void {
  const s = state.series;
  const { closes, volumes } = state;
  const pos = s.pos;
  ringCloses = closes;
  ringVolumes = volumes;
  ringSlot = pos;
  evictedClose = closes[pos]!;
  evictedVolume = volumes[pos]!;
  closes[pos] = close;
  volumes[pos] = volume;
  const next = pos + 1 === closes.length ? 0 : pos + 1;
  ctx.close = close;
  ctx.volume = volume;
  ctx.vw = vw;
  ctx.date = date;
  ctx.day = day;
  ctx.session = session;
  ctx.count = s.count;
  ctx.wrapped = next === 0;
  const signals: Signal[] = split ? ['SPLIT'] : [];
  ctx.signals = signals;
  const params = r.params;
  const out = (record = { ...RECORD_TEMPLATE } as Outputs);
  const slab = s.slab;
  runSteps(slab, params, ctx, out);
  s.count++;
  s.pos = next;
  computedSignals = signals;
}

let computedSignals: Signal[] = [];

function notRecomputed(): void {
  record = { ...RECORD_TEMPLATE } as Outputs;
  computedSignals = [];
}

function canonicalTimestamp(t: string, ms: number): string {
  // `2024-07-11T19:49:00Z` is Alpaca's shape; skip Date for it.
  if (t.length === 20) return `${t.slice(0, 19)}.000Z`;
  if (t.length === 24) return t;
  return new Date(ms).toISOString();
}

const memo: { t: string; ms: number; moment: Moment; canonical: string } = {
  t: '',
  ms: 0,
  moment: momentOf(0),
  canonical: '',
};

/** Copies the series `from` into `to` in place (this runs once per bar, so no allocation). */
function assignSeries(to: SeriesState, from: SeriesState): void {
  to.count = from.count;
  to.pos = from.pos;
  to.lastMs = from.lastMs;
  to.lastDate = from.lastDate;
  copySlab(to.slab, from.slab);
}

/**
 * Applies one raw bar to a symbol's state (mutating it) and says what to emit. `bar` must have
 * passed `validateRawEvent`; `splits` are the symbol's known corporate actions (dividends are
 * ignored). O(1) amortised. See the package README for the rules and the decisions behind them.
 */
export function applyBar(
  state: SymbolState,
  bar: RawBar,
  splits: readonly CorporateAction[],
  config: EnrichConfig,
): StepResult {
  if (bar.S !== state.symbol)
    throw new RangeError(`bar for ${bar.S} applied to the state of ${state.symbol}`);
  // Consecutive bars of different symbols share a timestamp: classify each distinct one once.
  if (bar.t !== memo.t) {
    memo.ms = parseTimestampMs(bar.t);
    memo.moment = momentOf(memo.ms);
    memo.canonical = canonicalTimestamp(bar.t, memo.ms);
    memo.t = bar.t;
  }
  const ms = memo.ms;
  const m = memo.moment;
  const date = m.info.date;

  if (bar.T === 'd') {
    if (!m.info.trading) return IGNORED;
    const e = closeEntry(state, date);
    if (!e) return IGNORED;
    e[3] = bar.c;
    return STATE_ONLY;
  }
  if (m.session === 'closed') return IGNORED;
  const r = resolved(config);
  // Checked here so the common case (the state already runs under this config) costs no call.
  if (state.params !== r.stateParams) adoptParams(state, r);

  // Most bars belong to the newest tracked day: found here without a call.
  const seenDays = state.seen;
  const newest = seenDays.length > 0 ? seenDays[seenDays.length - 1]! : null;
  const bits =
    newest !== null && newest[0] === m.info.day ? newest[1] : seenBitmap(state, m.info.day);
  if (bits === null) return IGNORED;
  const idx = m.minute - SESSION_MINUTES.PRE_OPEN;
  const word = idx >> 5;
  const mask = 1 << (idx & 31);
  const seen = (bits[word]! & mask) !== 0;
  let revision = 0;

  if (seen) {
    if (bar.T === 'b') return DUPLICATE;
    revision = (state.revisions.get(ms) ?? 0) + 1;
    state.revisions.set(ms, revision);
    const undo = state.undo;
    if (ms === state.series.lastMs && undo) {
      // Revision of the latest bar: take the step back and redo it with the corrected values,
      // so the series holds one close per minute (the latest revision).
      assignSeries(state.series, undo.series);
      state.closes[undo.series.pos] = undo.close;
      state.volumes[undo.series.pos] = undo.volume;
      step(state, r, bar.c, bar.v, bar.vw, date, m.info.day, m.session, undo.split);
      state.series.lastMs = ms;
      const before = undo.series.lastDate;
      state.series.lastDate = before === null || date > before ? date : before;
    } else {
      notRecomputed();
    }
  } else {
    bits[word] = bits[word]! | mask;
    const s = state.series;
    let split = false;
    if (s.lastDate !== null && date > s.lastDate)
      split = applySplits(state, s, s.lastDate, date, splits);
    const pos = s.pos;
    let undo = state.undo;
    if (undo === null) undo = state.undo = { series: emptySeries(), close: 0, volume: 0, split };
    assignSeries(undo.series, s);
    undo.close = state.closes[pos]!;
    undo.volume = state.volumes[pos]!;
    undo.split = split;
    step(state, r, bar.c, bar.v, bar.vw, date, m.info.day, m.session, split);
    s.lastMs = ms;
    if (s.lastDate === null || date > s.lastDate) s.lastDate = date;
  }

  if (m.session === 'regular') noteRegularClose(state, date, ms, bar.c);

  const prev = previousClose(state, date, splits);
  let prevClose: number | null = null;
  let change: number | null = null;
  let changePct: number | null = null;
  let indicator: EnrichedBarV1['indicator'] = 'Neutral';
  if (prev !== null) {
    prevClose = published(prev[0]);
    change = published(bar.c - prevClose);
    changePct = published(((bar.c - prevClose) / prevClose) * 100);
    indicator = direction(bar.c, prevClose, config.thresholdPct);
  }
  state.seq++;
  return {
    kind: 'enriched',
    bar: enrichedBar(
      bar,
      memo.canonical,
      revision,
      state.seq,
      date,
      m.session,
      prev,
      prevClose,
      change,
      changePct,
      indicator,
    ),
  };
}

/** The enriched record: the bar's own fields, the rules' fields, then every indicator's outputs in registry order. */
function enrichedBar(
  bar: RawBar,
  timestamp: string,
  revision: number,
  seq: number,
  sessionDate: string,
  session: Session,
  prev: [number, string, boolean] | null,
  prevClose: number | null,
  change: number | null,
  changePct: number | null,
  indicator: EnrichedBarV1['indicator'],
): EnrichedBarV1 {
  const out = record as unknown as EnrichedBarV1;
  out.symbol = bar.S;
  out.timestamp = timestamp;
  out.open = bar.o;
  out.high = bar.h;
  out.low = bar.l;
  out.close = bar.c;
  out.volume = bar.v;
  out.vwap = bar.vw;
  out.tradeCount = bar.n;
  out.revision = revision;
  out.seq = seq;
  out.sessionDate = sessionDate;
  out.session = session;
  out.prevClose = prevClose;
  out.prevCloseDate = prev ? prev[1] : null;
  out.change = change;
  out.changePct = changePct;
  out.indicator = indicator;
  out.signals = computedSignals;
  out.splitAdjusted = prev ? prev[2] : false;
  return out;
}
