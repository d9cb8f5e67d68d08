import type { Session } from '@marketfeed/schema';
import type { EnrichConfig } from './config.js';
import { INDICATORS } from './indicators/registry.js';
import { indicatorJson, initIndicator, initialSlab, readIndicator } from './slab.js';

/** Version of the serialised SymbolState; restoreState migrates older ones and refuses newer. */
export const STATE_VERSION = 2;

/**
 * The recursive part of a symbol's state: the series position plus every indicator's state in
 * one slab of doubles (layout in slab.ts). Copied whole before each new minute bar so that an
 * updated bar (`u`) for the latest bar can undo that step and redo it with the corrected values.
 * The changelog holds the slab as `ind`: each indicator's fields by name, by indicator name.
 */
export type SeriesState = {
  /** Minute bars in the series so far. */
  count: number;
  /** Next ring slot. */
  pos: number;
  /** Timestamp (ms) and session date of the latest minute bar in the series. */
  lastMs: number;
  lastDate: string | null;
  /** Every indicator's state fields at its registry offset; null held as NaN. */
  slab: number[];
};

/**
 * A symbol's enrichment state: plain data, written as JSON by `serializeState` and read back by
 * `restoreState` (the changelog format is state version 2 whatever the in-memory layout).
 */
export type SymbolState = {
  v: typeof STATE_VERSION;
  symbol: string;
  /** seq of the last enriched record (0 = none yet). */
  seq: number;
  /** The state-shaping parameters of each indicator, by name; null until the first minute bar. */
  params: Record<string, Record<string, number>> | null;
  /** Ring buffers of the last closes and volumes (as many as the longest indicator reads). */
  closes: number[];
  volumes: number[];
  series: SeriesState;
  /** How to take back the latest minute bar: the series before it and the ring slot it overwrote. */
  undo: { series: SeriesState; close: number; volume: number; split: boolean } | null;
  /** Minute bars seen on the last tracked session dates: [epoch day, bitmap of minutes 04:00–20:00]. */
  seen: Array<[number, number[]]>;
  /**
   * Revision counts (>= 1) of updated bars on tracked days, by timestamp ms. A Map, not an object
   * keyed by timestamp: every symbol's own sequence of keys gave its object its own chain of
   * hidden classes (~1 KB per symbol); in JSON it is the object `{"<ms>": count}`.
   */
  revisions: Map<number, number>;
  /** Session-close candidates of recent session dates, ascending: [date, last regular bar ms, its close, daily-bar close]. */
  closesByDate: Array<[string, number, number | null, number | null]>;
};

/**
 * A restored state cannot continue under this configuration or version. A deployment problem,
 * not bad data: the enricher stops at boot (exit 78) instead of dead-lettering every bar.
 * `variable` names the configuration variable that differs, when one does.
 */
export class StateIncompatibleError extends Error {
  override readonly name = 'StateIncompatibleError';
  constructor(
    message: string,
    readonly variable: string | null,
  ) {
    super(message);
  }
}

/** Where the rebuild path is documented; every refusal points there. */
export const REBUILD_DOC = 'packages/indicators/README.md#rebuilding-the-state';

export function emptySeries(): SeriesState {
  return { count: 0, pos: 0, lastMs: -1, lastDate: null, slab: initialSlab() };
}

/**
 * The state of a symbol that has seen no bar yet. Every field is in this one literal, in
 * changelog order, like the restored state's in `fromJson`: a state built as a spread plus
 * added fields kept 7 of its 11 fields in a separate property store, one more object to load
 * per bar, and that alone made applyBar ~4x the monolithic engine's CPU at 500 interleaved
 * symbols (docs/benchmarks/indicators.md, session 6).
 */
export function emptyState(symbol: string): SymbolState {
  return {
    v: STATE_VERSION,
    symbol,
    seq: 0,
    params: null,
    closes: [],
    volumes: [],
    series: emptySeries(),
    undo: null,
    seen: [],
    revisions: new Map(),
    closesByDate: [],
  };
}

/** Largest key an object orders as an array index (ascending, before every other key). */
const MAX_INDEX_KEY = 2 ** 32 - 2;

/** `revisions` as the JSON object v2 holds: keys in insertion order, as a plain object prints them. */
function revisionsJson(revisions: Map<number, number>): string {
  let out = '';
  for (const [ms, count] of revisions) {
    // Index-like keys (1970 timestamps) print in ascending order first; only an object gets that right.
    if (ms <= MAX_INDEX_KEY) return JSON.stringify(Object.fromEntries(revisions));
    out += `${out === '' ? '{' : ','}"${ms}":${count}`;
  }
  return out === '' ? '{}' : `${out}}`;
}

/** The series as state v2 holds it: `ind` has the indicators the state has parameters for. */
function seriesJson(series: SeriesState, params: SymbolState['params']): string {
  let ind = '';
  if (params !== null)
    for (let i = 0; i < INDICATORS.length; i++) {
      const name = INDICATORS[i]!.name;
      if (params[name] === undefined) continue;
      ind += `${ind === '' ? '' : ','}${JSON.stringify(name)}:${indicatorJson(series.slab, i)}`;
    }
  const lastDate = series.lastDate === null ? 'null' : JSON.stringify(series.lastDate);
  return `{"count":${series.count},"pos":${series.pos},"lastMs":${series.lastMs},"lastDate":${lastDate},"ind":{${ind}}}`;
}

/**
 * The changelog value (state version 2): the JSON the state held as plain objects before the
 * slab, byte for byte. Written in parts: a Map (`revisions`) and the slab have no JSON form of
 * their own.
 */
export function serializeState(state: SymbolState): string {
  const { params, undo } = state;
  const undoJson =
    undo === null
      ? 'null'
      : `{"series":${seriesJson(undo.series, params)},"close":${JSON.stringify(undo.close)},"volume":${JSON.stringify(undo.volume)},"split":${undo.split}}`;
  return `{"v":${STATE_VERSION},"symbol":${JSON.stringify(state.symbol)},"seq":${state.seq},"params":${JSON.stringify(params)},"closes":${JSON.stringify(state.closes)},"volumes":${JSON.stringify(state.volumes)},"series":${seriesJson(state.series, params)},"undo":${undoJson},"seen":${JSON.stringify(state.seen)},"revisions":${revisionsJson(state.revisions)},"closesByDate":${JSON.stringify(state.closesByDate)}}`;
}

/**
 * Inverse of `serializeState`, migrating a state written by an older version (an indicator it
 * did not have starts its warm-up from the next bar; nothing else changes). Throws
 * StateIncompatibleError for a newer version, TypeError for input that is no state at all (a
 * corrupt changelog is a bug, not data). Given the config, also refuses a state built with other
 * windows (StateIncompatibleError naming the variable), so a restarted service fails at boot.
 */
export function restoreState(json: string, config?: EnrichConfig): SymbolState {
  const state = migrate(json);
  // With the config, a changed window is refused here, at restore (boot), not at the first bar.
  if (config !== undefined && state.params !== null) adoptParams(state, resolveParams(config));
  return state;
}

function migrate(json: string): SymbolState {
  const s = JSON.parse(json) as {
    v?: unknown;
    symbol?: unknown;
    series?: unknown;
    closes?: unknown;
  };
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.v !== 'number' ||
    typeof s.symbol !== 'string' ||
    typeof s.series !== 'object' ||
    !Array.isArray(s.closes)
  )
    throw new TypeError('not a serialised SymbolState');
  if (s.v > STATE_VERSION)
    throw new StateIncompatibleError(
      `the enricher state of ${s.symbol} was written by a newer enricher (state version ${s.v}; this one reads up to ${STATE_VERSION}): deploy that version, or rebuild the state (${REBUILD_DOC})`,
      null,
    );
  if (s.v === 1) return fromV1(s as unknown as SymbolStateV1);
  if (s.v !== STATE_VERSION) throw new TypeError(`not a serialised SymbolState (v ${s.v})`);
  return fromJson(s as unknown as SymbolStateJson);
}

/** The series as the changelog holds it (version 2). */
export type SeriesJson = Omit<SeriesState, 'slab'> & {
  ind: Record<string, Record<string, unknown>>;
};

/** The state as the changelog holds it (version 2): what `JSON.parse(serializeState(s))` gives. */
export type SymbolStateJson = Omit<SymbolState, 'revisions' | 'series' | 'undo'> & {
  revisions: Record<string, number>;
  series: SeriesJson;
  undo: { series: SeriesJson; close: number; volume: number; split: boolean } | null;
};

function seriesFromJson(s: SeriesJson): SeriesState {
  const slab = initialSlab();
  const ind = s.ind ?? {};
  for (let i = 0; i < INDICATORS.length; i++) {
    const own = ind[INDICATORS[i]!.name];
    if (own !== undefined) readIndicator(slab, i, own);
  }
  return { count: s.count, pos: s.pos, lastMs: s.lastMs, lastDate: s.lastDate, slab };
}

/** Object key order is the Map's insertion order back again, so restore + serialise is byte-identical. */
function fromJson(s: SymbolStateJson): SymbolState {
  const revisions = new Map<number, number>();
  for (const k of Object.keys(s.revisions)) revisions.set(Number(k), s.revisions[k]!);
  const { undo } = s;
  return {
    v: STATE_VERSION,
    symbol: s.symbol,
    seq: s.seq,
    params: s.params,
    closes: s.closes,
    volumes: s.volumes,
    series: seriesFromJson(s.series),
    undo:
      undo === null
        ? null
        : {
            series: seriesFromJson(undo.series),
            close: undo.close,
            volume: undo.volume,
            split: undo.split,
          },
    seen: s.seen,
    revisions,
    closesByDate: s.closesByDate,
  };
}

/** Version 1: one flat series of every indicator's fields, ring windows [smaFast, smaSlow, volumeSpikeLookback]. */
type SeriesV1 = {
  count: number;
  pos: number;
  sumFast: number;
  sumSlow: number;
  sumVol: number;
  cross: number;
  ema12: number | null;
  ema26: number | null;
  ema12Seed: number;
  ema26Seed: number;
  rsiPrevClose: number | null;
  rsiN: number;
  rsiGain: number;
  rsiLoss: number;
  vwapDate: string | null;
  vwapSession: Session | null;
  vwapPv: number;
  vwapVolume: number;
  lastMs: number;
  lastDate: string | null;
};
type SymbolStateV1 = Omit<SymbolStateJson, 'v' | 'params' | 'series' | 'undo'> & {
  v: 1;
  windows: [number, number, number] | null;
  series: SeriesV1;
  undo: { series: SeriesV1; close: number; volume: number; split: boolean } | null;
};

function seriesFromV1(s: SeriesV1): SeriesJson {
  return {
    count: s.count,
    pos: s.pos,
    lastMs: s.lastMs,
    lastDate: s.lastDate,
    ind: {
      volumeSpike: { sumVol: s.sumVol },
      sma: { sumFast: s.sumFast, sumSlow: s.sumSlow, cross: s.cross },
      ema: { ema12: s.ema12, ema26: s.ema26, ema12Seed: s.ema12Seed, ema26Seed: s.ema26Seed },
      rsi: { prevClose: s.rsiPrevClose, n: s.rsiN, gain: s.rsiGain, loss: s.rsiLoss },
      vwap: { date: s.vwapDate, session: s.vwapSession, pv: s.vwapPv, volume: s.vwapVolume },
    },
  };
}

function fromV1(old: SymbolStateV1): SymbolState {
  const w = old.windows;
  const { windows: _w, series, undo, ...rest } = old;
  return fromJson({
    ...rest,
    v: STATE_VERSION,
    // The indicators v1 had; the ones it lacks are added (fresh) at the next minute bar.
    params:
      w === null
        ? null
        : {
            volumeSpike: { lookback: w[2] },
            sma: { fast: w[0], slow: w[1] },
            ema: {},
            rsi: {},
            vwap: {},
          },
    series: seriesFromV1(series),
    undo: undo === null ? null : { ...undo, series: seriesFromV1(undo.series) },
  });
}

/** The indicators' resolved parameters for one config: what every step needs, computed once. */
export type Resolved = {
  /** Parameters of INDICATORS[i]. */
  params: Record<string, number>[];
  /** The state-shaping ones, by indicator name (what a state records). */
  stateParams: Record<string, Record<string, number>>;
  ringSize: number;
};

export function resolveParams(
  config: Parameters<(typeof INDICATORS)[number]['params']>[0],
): Resolved {
  const params = INDICATORS.map((i) => i.params(config) as Record<string, number>);
  const stateParams: Record<string, Record<string, number>> = {};
  INDICATORS.forEach((ind, i) => {
    const p: Record<string, number> = {};
    for (const k of Object.keys(ind.stateParams)) p[k] = params[i]![k]!;
    stateParams[ind.name] = Object.freeze(p);
  });
  const ringSize = Math.max(1, ...INDICATORS.map((ind, i) => ind.history(params[i])));
  return { params, stateParams: Object.freeze(stateParams), ringSize };
}

/**
 * Makes `state` ready for a minute bar under `r`: sizes the ring on the first bar, starts the
 * indicators the state has not seen (their warm-up begins now) and refuses changed windows.
 */
export function adoptParams(state: SymbolState, r: Resolved): void {
  if (state.params === r.stateParams) return;
  if (state.params === null) {
    state.closes = new Array<number>(r.ringSize).fill(0);
    state.volumes = new Array<number>(r.ringSize).fill(0);
    state.params = {};
  }
  const had = state.params;
  for (let i = 0; i < INDICATORS.length; i++) {
    const ind = INDICATORS[i]!;
    const was = had[ind.name];
    if (was === undefined) {
      initIndicator(state.series.slab, i);
      if (state.undo) initIndicator(state.undo.series.slab, i);
      continue;
    }
    for (const [k, variable] of Object.entries(ind.stateParams as Record<string, string>)) {
      const now = r.stateParams[ind.name]![k];
      if (was[k] !== now)
        throw new StateIncompatibleError(
          `${variable} is ${now} but the enricher state of ${state.symbol} was built with ${variable}=${was[k]}: set ${variable}=${was[k]} again, or rebuild the state by replaying the raw topic into a new changelog (${REBUILD_DOC})`,
          variable,
        );
    }
  }
  if (r.ringSize > state.closes.length) growRing(state, r.ringSize);
  state.params = r.stateParams;
}

/** A newly added indicator reads further back than the ring holds: re-lay the history oldest first. */
function growRing(state: SymbolState, size: number): void {
  const { closes, volumes, series } = state;
  const old = closes.length;
  const kept = Math.min(series.count, old);
  const c = new Array<number>(size).fill(0);
  const v = new Array<number>(size).fill(0);
  for (let k = kept; k >= 1; k--) {
    c[kept - k] = closes[(series.pos - k + old) % old]!;
    v[kept - k] = volumes[(series.pos - k + old) % old]!;
  }
  state.closes = c;
  state.volumes = v;
  series.pos = kept % size;
  // The one-step undo refers to the old layout; without it a revision of the latest bar is re-emitted without indicators.
  state.undo = null;
}
