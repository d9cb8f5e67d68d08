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
 * One technical indicator. Its state is a flat object of numbers, strings and nulls (plain JSON,
 * copied with Object.assign for the one-step undo of an updated bar). `P` are its parameters.
 */
export interface Indicator<P extends Record<string, number>, S extends object> {
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
  init(p: P): S;
  /**
   * Copies every field of `from` into `to` (the one-step undo, once per bar). Written out per
   * indicator because a generic copy (Object.assign over seven shapes) was the hottest line of
   * the step; a test holds it to the fields `init` creates.
   */
  copy(to: S, from: S): void;
  /** Advances the state by one new minute bar and writes every output field. */
  step(s: S, p: P, bar: BarContext, out: Outputs): void;
  /** Prices ÷ factor, volumes × factor (a split with ratio `factor` took effect). */
  split(s: S, factor: number): void;
  readonly outputs: Readonly<Record<string, OutputField>>;
}

// The registry holds indicators of different P and S; the enrichment loop treats them alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyIndicator = Indicator<any, any>;

/** Type-checks an indicator literal while keeping its own P and S. */
export function defineIndicator<P extends Record<string, number>, S extends object>(
  i: Indicator<P, S>,
): Indicator<P, S> {
  return i;
}
