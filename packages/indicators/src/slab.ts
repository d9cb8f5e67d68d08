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
 * A slab with every indicator at its initial state. Filled with NaN first so that every slab
 * holds doubles from the start (one elements kind for all of them, never small integers first).
 */
export function initialSlab(): number[] {
  const slab = new Array<number>(SLAB_SIZE).fill(NaN);
  for (let i = 0; i < INDICATORS.length; i++) initIndicator(slab, i);
  return slab;
}

/** Puts INDICATORS[i] back to its initial state (its warm-up starts at the next bar). */
export function initIndicator(slab: number[], i: number): void {
  const fields = INDICATORS[i]!.state;
  const at = OFFSETS[i]!;
  for (let k = 0; k < fields.length; k++) slab[at + k] = initial(fields[k]!);
}

/** The undo copy: the whole slab, in place. */
export function copySlab(to: number[], from: number[]): void {
  for (let k = 0; k < SLAB_SIZE; k++) to[k] = from[k]!;
}

/** `"<field>":` per field of each indicator, with the separators, built once. */
const KEYS: readonly (readonly string[])[] = INDICATORS.map((ind) =>
  ind.state.map((f, k) => `${k === 0 ? '{' : ','}${JSON.stringify(f.name)}:`),
);

/** INDICATORS[i]'s state as the changelog object (state v2): NaN as null, codec fields decoded. */
export function indicatorJson(slab: number[], i: number): string {
  const fields = INDICATORS[i]!.state;
  const keys = KEYS[i]!;
  const at = OFFSETS[i]!;
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

/** Reads INDICATORS[i]'s changelog object into the slab; a field it lacks takes its initial value. */
export function readIndicator(slab: number[], i: number, json: Record<string, unknown>): void {
  const fields = INDICATORS[i]!.state;
  const at = OFFSETS[i]!;
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
