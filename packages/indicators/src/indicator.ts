import type { Session, Signal } from '@marketfeed/schema';
import type { EnrichConfig } from './config.js';

/**
 * How an output field is published: its JSON Schema and OpenSearch mapping follow from the kind,
 * so an indicator never spells either out. `price` ≥ 0 (a price-like average), `number` any real,
 * `percent` 0–100. Every indicator field is nullable: null until the indicator is defined.
 */
export type FieldKind = 'price' | 'number' | 'percent';
export type OutputField = {
  kind: FieldKind;
  description: string;
  /**
   * The day the field was added within marketfeed.enriched-bar.v1. Records written before it
   * lack the field, so validators and the JSON Schema treat it as optional (absent = unknown).
   */
  since?: string;
};

/** One minute bar as the indicators see it, plus the shared history of closes and volumes. */
export interface BarContext {
  close: number;
  volume: number;
  vw: number;
  date: string;
  /** `date` as days since 1970-01-01 (what a slab holds for a date). */
  day: number;
  session: Session;
  /** Minute bars in the series before this one. */
  count: number;
  /** True when this bar completed a turn of the shared ring: running sums re-add from it here. */
  wrapped: boolean;
  /** Close `k` bars ago (0 = this bar); valid for k <= the ring size and k <= count. */
  closeAgo(k: number): number;
  volumeAgo(k: number): number;
  /** Exact sum of the last `n` closes / volumes including this bar (what running sums re-sync to). */
  sumCloses(n: number): number;
  sumVolumes(n: number): number;
  /** Signals of this bar; an indicator appends its own. */
  signals: Signal[];
}

/** What a step writes: the indicator's output fields by name. */
export type Outputs = Record<string, number | null>;

/**
 * How the changelog holds a state field that is not a plain number (vwap's session date and
 * session): the slab keeps a number, the changelog the readable value, unchanged since state v2.
 */
export type FieldCodec = {
  write(v: number): string | null;
  read(json: unknown): number;
};

/** One field of an indicator's state. */
export type StateField = {
  /** Its key in the changelog (state v2 `series.ind.<indicator>.<name>`); never renamed. */
  readonly name: string;
  /** Value before the indicator's first bar; null is held as NaN in the slab (and written as null). */
  readonly init: number | null;
  readonly codec?: FieldCodec;
};

/**
 * One technical indicator. Its state is a run of doubles in the series' slab, one per declared
 * state field, at an offset the registry assigns: a step reads and writes `slab[at + FIELD]`
 * with the module's named field offsets. One flat array per series (copied in one loop for the
 * one-step undo of an updated bar) instead of an object per indicator: the per-indicator objects
 * and their copies were most of the step's cost (docs/benchmarks/indicators.md). `P` are its
 * parameters.
 */
export interface Indicator<P extends Record<string, number>> {
  /** Key of its state and parameters in the symbol state; never renamed (it is in changelogs). */
  readonly name: string;
  /** Its parameters from the config; throws RangeError on an invalid value (checked at boot). */
  params(config: EnrichConfig): P;
  /**
   * Parameters that shape its state, with the config variable that sets each: a state built
   * with other values cannot continue (StateIncompatibleError names the variable).
   */
  readonly stateParams: { readonly [K in keyof P]?: string };
  /** Closes/volumes of history it reads through the context (the shared ring is the max). */
  history(p: P): number;
  /** Its state fields in slab order (field k is at `slab[at + k]`). */
  readonly state: readonly StateField[];
  /** Advances its state (`slab` from `at`) by one new minute bar and writes every output field. */
  step(slab: number[], at: number, p: P, bar: BarContext, out: Outputs): void;
  /** Prices ÷ factor, volumes × factor (a split with ratio `factor` took effect). */
  split(slab: number[], at: number, factor: number): void;
  readonly outputs: Readonly<Record<string, OutputField>>;
}

// The registry holds indicators of different P; the enrichment loop treats them alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyIndicator = Indicator<any>;

/** Type-checks an indicator literal while keeping its own P. */
export function defineIndicator<P extends Record<string, number>>(i: Indicator<P>): Indicator<P> {
  return i;
}

/** State fields from `{ name: initial value }` in slab order (for fields without a codec). */
export function stateFields(init: Record<string, number | null>): StateField[] {
  return Object.entries(init).map(([name, v]) => ({ name, init: v }));
}
