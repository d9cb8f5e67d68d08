import { ENRICHED_BAR_SCHEMA } from '@marketfeed/schema';
import type {
  CorporateAction,
  EnrichedBarV1,
  Indicator,
  RawBar,
  Session,
  Signal,
} from '@marketfeed/schema';
import { SESSION_MINUTES, momentOf, parseTimestampMs, type Moment } from './calendar.js';

export type EnrichConfig = {
  /** |changePct| at or above this (inclusive) flags Bullish / Bearish. */
  thresholdPct: number;
  smaFast: number;
  smaSlow: number;
  volumeSpikeFactor: number;
  volumeSpikeLookback: number;
};

export const DEFAULT_ENRICH_CONFIG: Readonly<EnrichConfig> = Object.freeze({
  thresholdPct: 5,
  smaFast: 20,
  smaSlow: 50,
  volumeSpikeFactor: 3,
  volumeSpikeLookback: 20,
});

const EMA_FAST = 12;
const EMA_SLOW = 26;
const RSI_PERIOD = 14;
/** Session dates whose minute bars are remembered for duplicate/revision detection. */
const TRACKED_DAYS = 2;
/** Session dates whose session-close candidates are kept for prevClose. */
const KEPT_CLOSES = 5;
const EXTENDED_MINUTES = SESSION_MINUTES.POST_CLOSE - SESSION_MINUTES.PRE_OPEN;
const BITMAP_WORDS = Math.ceil(EXTENDED_MINUTES / 32);

/**
 * The recursive part of the indicator state. It is copied whole before each new minute bar so
 * that an updated bar (`u`) for the latest bar can undo that step and redo it with the
 * corrected values.
 */
export type SeriesState = {
  /** Minute bars in the series so far. */
  count: number;
  /** Next ring slot. */
  pos: number;
  sumFast: number;
  sumSlow: number;
  /** Sum of the last `volumeSpikeLookback` volumes. */
  sumVol: number;
  /** Last non-zero sign of smaFast − smaSlow; 0 before both are defined. */
  cross: number;
  ema12: number | null;
  ema26: number | null;
  /** Sums of closes while the EMAs warm up (they are seeded with the SMA of their first N closes). */
  ema12Seed: number;
  ema26Seed: number;
  rsiPrevClose: number | null;
  /** Price changes seen by RSI so far. */
  rsiN: number;
  /** Sums of gains/losses during warm-up, then Wilder averages. */
  rsiGain: number;
  rsiLoss: number;
  vwapDate: string | null;
  vwapSession: Session | null;
  vwapPv: number;
  vwapVolume: number;
  /** Timestamp (ms) and session date of the latest minute bar in the series. */
  lastMs: number;
  lastDate: string | null;
};

/** A symbol's enrichment state: plain JSON data, restored by `restoreState`. */
export type SymbolState = {
  v: 1;
  symbol: string;
  /** seq of the last enriched record (0 = none yet). */
  seq: number;
  /** [smaFast, smaSlow, volumeSpikeLookback] the rings were sized for; null until the first minute bar. */
  windows: [number, number, number] | null;
  /** Ring buffers of the last max(windows) closes and volumes. */
  closes: number[];
  volumes: number[];
  series: SeriesState;
  /** How to take back the latest minute bar: the series before it and the ring slot it overwrote. */
  undo: { series: SeriesState; close: number; volume: number; split: boolean } | null;
  /** Minute bars seen on the last TRACKED_DAYS session dates: [epoch day, bitmap of minutes 04:00–20:00]. */
  seen: Array<[number, number[]]>;
  /** Revision counts (>= 1) of updated bars on tracked days, by timestamp ms. */
  revisions: Record<string, number>;
  /** Session-close candidates of recent session dates, ascending: [date, last regular bar ms, its close, daily-bar close]. */
  closesByDate: Array<[string, number, number | null, number | null]>;
};

export type StepResult =
  | { kind: 'enriched'; bar: EnrichedBarV1 }
  | { kind: 'duplicate' }
  | { kind: 'state-only' }
  | { kind: 'ignored' };

const DUPLICATE: StepResult = Object.freeze({ kind: 'duplicate' });
const STATE_ONLY: StepResult = Object.freeze({ kind: 'state-only' });
const IGNORED: StepResult = Object.freeze({ kind: 'ignored' });

function emptySeries(): SeriesState {
  return {
    count: 0,
    pos: 0,
    sumFast: 0,
    sumSlow: 0,
    sumVol: 0,
    cross: 0,
    ema12: null,
    ema26: null,
    ema12Seed: 0,
    ema26Seed: 0,
    rsiPrevClose: null,
    rsiN: 0,
    rsiGain: 0,
    rsiLoss: 0,
    vwapDate: null,
    vwapSession: null,
    vwapPv: 0,
    vwapVolume: 0,
    lastMs: -1,
    lastDate: null,
  };
}

export function createSymbolState(symbol: string): SymbolState {
  return {
    v: 1,
    symbol,
    seq: 0,
    windows: null,
    closes: [],
    volumes: [],
    series: emptySeries(),
    undo: null,
    seen: [],
    revisions: {},
    closesByDate: [],
  };
}

function checkConfig(c: EnrichConfig): void {
  const ints = [c.smaFast, c.smaSlow, c.volumeSpikeLookback];
  if (
    !ints.every((n) => Number.isSafeInteger(n) && n >= 1) ||
    !(c.thresholdPct >= 0) ||
    !(c.volumeSpikeFactor > 0)
  ) {
    throw new RangeError(`invalid EnrichConfig ${JSON.stringify(c)}`);
  }
}

function ensureWindows(state: SymbolState, c: EnrichConfig): void {
  const w = state.windows;
  if (w === null) {
    checkConfig(c);
    const size = Math.max(c.smaFast, c.smaSlow, c.volumeSpikeLookback);
    state.windows = [c.smaFast, c.smaSlow, c.volumeSpikeLookback];
    state.closes = new Array<number>(size).fill(0);
    state.volumes = new Array<number>(size).fill(0);
  } else if (w[0] !== c.smaFast || w[1] !== c.smaSlow || w[2] !== c.volumeSpikeLookback) {
    throw new RangeError(
      `state of ${state.symbol} was built with windows ${w.join('/')}, not ${c.smaFast}/${c.smaSlow}/${c.volumeSpikeLookback}`,
    );
  }
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
    for (const k of Object.keys(state.revisions)) if (Number(k) < oldest) delete state.revisions[k];
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

function sumLast(ring: number[], pos: number, n: number, available: number): number {
  const size = ring.length;
  let s = 0;
  for (let k = Math.min(n, available); k >= 1; k--) s += ring[(pos - k + size) % size]!;
  return s;
}

/** Rescales price and volume memory on the first bar on/after a split's ex-date so indicators stay continuous. */
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
  s.sumFast /= factor;
  s.sumSlow /= factor;
  s.sumVol *= factor;
  if (s.ema12 !== null) s.ema12 /= factor;
  if (s.ema26 !== null) s.ema26 /= factor;
  s.ema12Seed /= factor;
  s.ema26Seed /= factor;
  if (s.rsiPrevClose !== null) s.rsiPrevClose /= factor;
  s.rsiGain /= factor;
  s.rsiLoss /= factor;
  return true;
}

type Computed = {
  smaFast: number | null;
  smaSlow: number | null;
  ema12: number | null;
  ema26: number | null;
  rsi14: number | null;
  vwapSession: number | null;
  signals: Signal[];
};

/** Results of the last `step` (module scratch: `applyBar` is synchronous, so one suffices and saves an allocation per bar). */
const computed: Computed = {
  smaFast: null,
  smaSlow: null,
  ema12: null,
  ema26: null,
  rsi14: null,
  vwapSession: null,
  signals: [],
};

/** One step of every indicator for a new minute bar; mutates state.series and the rings, fills `computed`. */
function step(
  state: SymbolState,
  c: EnrichConfig,
  close: number,
  volume: number,
  vw: number,
  date: string,
  session: Session,
  split: boolean,
): void {
  const s = state.series;
  const { closes, volumes } = state;
  const size = closes.length;
  const fast = c.smaFast;
  const slow = c.smaSlow;
  const look = c.volumeSpikeLookback;
  const signals: Signal[] = [];
  if (split) signals.push('SPLIT');

  // Volume spike compares against the previous `look` bars, so test before adding this one.
  if (s.count >= look && volume > 0 && volume >= (c.volumeSpikeFactor * s.sumVol) / look)
    signals.push('VOLUME_SPIKE');

  const pos = s.pos;
  if (s.count >= fast) s.sumFast -= closes[(pos - fast + size) % size]!;
  if (s.count >= slow) s.sumSlow -= closes[(pos - slow + size) % size]!;
  if (s.count >= look) s.sumVol -= volumes[(pos - look + size) % size]!;
  closes[pos] = close;
  volumes[pos] = volume;
  s.sumFast += close;
  s.sumSlow += close;
  s.sumVol += volume;
  s.count++;
  s.pos = pos + 1 === size ? 0 : pos + 1;
  if (s.pos === 0) {
    // Running sums drift; recomputing them once per ring turn keeps them exact at O(1) amortised.
    s.sumFast = sumLast(closes, 0, fast, s.count);
    s.sumSlow = sumLast(closes, 0, slow, s.count);
    s.sumVol = sumLast(volumes, 0, look, s.count);
  }
  const smaFast = s.count >= fast ? s.sumFast / fast : null;
  const smaSlow = s.count >= slow ? s.sumSlow / slow : null;
  if (smaFast !== null && smaSlow !== null) {
    const d = smaFast - smaSlow;
    const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
    if (sign === 1 && s.cross === -1) signals.push('GOLDEN_CROSS');
    else if (sign === -1 && s.cross === 1) signals.push('DEATH_CROSS');
    if (sign !== 0) s.cross = sign;
  }

  if (s.ema12 !== null) s.ema12 = (close - s.ema12) * (2 / (EMA_FAST + 1)) + s.ema12;
  else {
    s.ema12Seed += close;
    if (s.count === EMA_FAST) s.ema12 = s.ema12Seed / EMA_FAST;
  }
  if (s.ema26 !== null) s.ema26 = (close - s.ema26) * (2 / (EMA_SLOW + 1)) + s.ema26;
  else {
    s.ema26Seed += close;
    if (s.count === EMA_SLOW) s.ema26 = s.ema26Seed / EMA_SLOW;
  }

  let rsi14: number | null = null;
  if (s.rsiPrevClose !== null) {
    const change = close - s.rsiPrevClose;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    s.rsiN++;
    if (s.rsiN <= RSI_PERIOD) {
      s.rsiGain += gain;
      s.rsiLoss += loss;
      if (s.rsiN === RSI_PERIOD) {
        s.rsiGain /= RSI_PERIOD;
        s.rsiLoss /= RSI_PERIOD;
      }
    } else {
      s.rsiGain = (s.rsiGain * (RSI_PERIOD - 1) + gain) / RSI_PERIOD;
      s.rsiLoss = (s.rsiLoss * (RSI_PERIOD - 1) + loss) / RSI_PERIOD;
    }
    if (s.rsiN >= RSI_PERIOD)
      rsi14 = s.rsiLoss === 0 ? 100 : s.rsiGain === 0 ? 0 : 100 - 100 / (1 + s.rsiGain / s.rsiLoss);
  }
  s.rsiPrevClose = close;

  if (s.vwapDate !== date || s.vwapSession !== session) {
    s.vwapDate = date;
    s.vwapSession = session;
    s.vwapPv = 0;
    s.vwapVolume = 0;
  }
  s.vwapPv += vw * volume;
  s.vwapVolume += volume;
  const vwapSession = s.vwapVolume > 0 ? s.vwapPv / s.vwapVolume : null;

  computed.smaFast = smaFast;
  computed.smaSlow = smaSlow;
  computed.ema12 = s.ema12;
  computed.ema26 = s.ema26;
  computed.rsi14 = rsi14;
  computed.vwapSession = vwapSession;
  computed.signals = signals;
}

function notRecomputed(): void {
  computed.smaFast =
    computed.smaSlow =
    computed.ema12 =
    computed.ema26 =
    computed.rsi14 =
    computed.vwapSession =
      null;
  computed.signals = [];
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

/** Copies every field of `from` into `to` (in place: this runs once per bar, so no allocation). */
function assignSeries(to: SeriesState, from: SeriesState): void {
  to.count = from.count;
  to.pos = from.pos;
  to.sumFast = from.sumFast;
  to.sumSlow = from.sumSlow;
  to.sumVol = from.sumVol;
  to.cross = from.cross;
  to.ema12 = from.ema12;
  to.ema26 = from.ema26;
  to.ema12Seed = from.ema12Seed;
  to.ema26Seed = from.ema26Seed;
  to.rsiPrevClose = from.rsiPrevClose;
  to.rsiN = from.rsiN;
  to.rsiGain = from.rsiGain;
  to.rsiLoss = from.rsiLoss;
  to.vwapDate = from.vwapDate;
  to.vwapSession = from.vwapSession;
  to.vwapPv = from.vwapPv;
  to.vwapVolume = from.vwapVolume;
  to.lastMs = from.lastMs;
  to.lastDate = from.lastDate;
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
  ensureWindows(state, config);

  const bits = seenBitmap(state, m.info.day);
  if (bits === null) return IGNORED;
  const idx = m.minute - SESSION_MINUTES.PRE_OPEN;
  const word = idx >> 5;
  const mask = 1 << (idx & 31);
  const seen = (bits[word]! & mask) !== 0;
  let revision = 0;

  if (seen) {
    if (bar.T === 'b') return DUPLICATE;
    revision = (state.revisions[ms] ?? 0) + 1;
    state.revisions[ms] = revision;
    const undo = state.undo;
    if (ms === state.series.lastMs && undo) {
      // Revision of the latest bar: take the step back and redo it with the corrected values,
      // so the series holds one close per minute (the latest revision).
      assignSeries(state.series, undo.series);
      state.closes[undo.series.pos] = undo.close;
      state.volumes[undo.series.pos] = undo.volume;
      step(state, config, bar.c, bar.v, bar.vw, date, m.session, undo.split);
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
    step(state, config, bar.c, bar.v, bar.vw, date, m.session, split);
    s.lastMs = ms;
    if (s.lastDate === null || date > s.lastDate) s.lastDate = date;
  }

  if (m.session === 'regular') noteRegularClose(state, date, ms, bar.c);

  const prev = previousClose(state, date, splits);
  let change: number | null = null;
  let changePct: number | null = null;
  let indicator: Indicator = 'Neutral';
  if (prev !== null) {
    change = bar.c - prev[0];
    changePct = (change / prev[0]) * 100;
    if (changePct >= config.thresholdPct) indicator = 'Bullish';
    else if (changePct <= -config.thresholdPct) indicator = 'Bearish';
  }
  state.seq++;
  return {
    kind: 'enriched',
    bar: {
      schema: ENRICHED_BAR_SCHEMA,
      symbol: bar.S,
      timestamp: memo.canonical,
      open: bar.o,
      high: bar.h,
      low: bar.l,
      close: bar.c,
      volume: bar.v,
      vwap: bar.vw,
      tradeCount: bar.n,
      revision,
      seq: state.seq,
      sessionDate: date,
      session: m.session,
      prevClose: prev ? prev[0] : null,
      prevCloseDate: prev ? prev[1] : null,
      change,
      changePct,
      indicator,
      smaFast: computed.smaFast,
      smaSlow: computed.smaSlow,
      ema12: computed.ema12,
      ema26: computed.ema26,
      rsi14: computed.rsi14,
      vwapSession: computed.vwapSession,
      signals: computed.signals,
      splitAdjusted: prev ? prev[2] : false,
    },
  };
}

export function serializeState(state: SymbolState): string {
  return JSON.stringify(state);
}

/** Inverse of `serializeState`. Throws on input that is not a state this version wrote (a corrupt changelog is a bug, not data). */
export function restoreState(json: string): SymbolState {
  const s = JSON.parse(json) as SymbolState;
  if (
    typeof s !== 'object' ||
    s === null ||
    s.v !== 1 ||
    typeof s.symbol !== 'string' ||
    typeof s.series !== 'object' ||
    !Array.isArray(s.closes)
  ) {
    throw new TypeError('not a serialised SymbolState v1');
  }
  return s;
}
