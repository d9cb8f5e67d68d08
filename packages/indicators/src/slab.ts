import type { StateField } from './indicator.js';
import { INDICATORS } from './indicators/registry.js';

/**
 * The layout of a series' slab: every indicator's state fields, in registry order, each
 * indicator's run after the one before. Assigned here, so an indicator module only names the
 * offsets of its own fields.
 */
export const OFFSETS: readonly number[] = (() => {
  const at: number[] = [];
  let next = 0;
  for (const ind of INDICATORS) {
    at.push(next);
    next += ind.state.length;
  }
  return at;
})();

export const SLAB_SIZE = INDICATORS.reduce((n, ind) => n + ind.state.length, 0);

const initial = (f: StateField): number => (f.init === null ? NaN : f.init);

/**
 * Where the undo copy of a series starts in its slab. A slab holds two runs of SLAB_SIZE: the
 * live series' indicator states from 0 and, from UNDO_BASE, their copy from before the latest
 * minute bar (what an updated bar rolls back to). One backing store for both, so the copy made
 * before every new bar stays in memory the step is about to use, and a symbol's state holds
 * one array fewer (about 2 % of applyBar's CPU in paired runs, near their resolution:
 * docs/benchmarks/indicators.md, session 7).
 */
export const UNDO_BASE = SLAB_SIZE;

/**
 * A slab (both runs) with every indicator at its initial state. Filled with NaN first so that
 * every slab holds doubles from the start (one elements kind for all, never small integers).
 */
export function initialSlab(): number[] {
  const slab = new Array<number>(2 * SLAB_SIZE).fill(NaN);
  for (let i = 0; i < INDICATORS.length; i++) {
    initIndicator(slab, i, 0);
    initIndicator(slab, i, UNDO_BASE);
  }
  return slab;
}

/** Puts INDICATORS[i] in the run from `base` back to its initial state (its warm-up starts at the next bar). */
export function initIndicator(slab: number[], i: number, base: number): void {
  const fields = INDICATORS[i]!.state;
  const at = base + OFFSETS[i]!;
  for (let k = 0; k < fields.length; k++) slab[at + k] = initial(fields[k]!);
}

/** Copies the run from `from` over the run from `to` (0 or UNDO_BASE), in place. */
export function copyRun(slab: number[], to: number, from: number): void {
  for (let k = 0; k < SLAB_SIZE; k++) slab[to + k] = slab[from + k]!;
}

/** `"<field>":` per field of each indicator, with the separators, built once. */
const KEYS: readonly (readonly string[])[] = INDICATORS.map((ind) =>
  ind.state.map((f, k) => `${k === 0 ? '{' : ','}${JSON.stringify(f.name)}:`),
);

/** INDICATORS[i]'s state in the run from `base` as the changelog object (state v2): NaN as null, codec fields decoded. */
export function indicatorJson(slab: number[], base: number, i: number): string {
  const fields = INDICATORS[i]!.state;
  const keys = KEYS[i]!;
  const at = base + OFFSETS[i]!;
  let out = '';
  for (let k = 0; k < fields.length; k++) {
    const v = slab[at + k]!;
    const codec = fields[k]!.codec;
    // A finite number prints as JSON.stringify would; NaN (and ±Infinity) as null.
    out +=
      keys[k]! +
      (codec !== undefined
        ? JSON.stringify(codec.write(v))
        : Number.isFinite(v)
          ? String(v)
          : 'null');
  }
  return fields.length === 0 ? '{}' : `${out}}`;
}

/** Reads INDICATORS[i]'s changelog object into the run from `base`; a field it lacks takes its initial value. */
export function readIndicator(
  slab: number[],
  base: number,
  i: number,
  json: Record<string, unknown>,
): void {
  const fields = INDICATORS[i]!.state;
  const at = base + OFFSETS[i]!;
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k]!;
    const v = json[f.name];
    if (f.codec !== undefined) slab[at + k] = v === undefined ? initial(f) : f.codec.read(v);
    else if (v === undefined) slab[at + k] = initial(f);
    else if (v === null) slab[at + k] = NaN;
    else if (typeof v === 'number') slab[at + k] = v;
    else throw new TypeError(`not a serialised SymbolState (${INDICATORS[i]!.name}.${f.name})`);
  }
}
