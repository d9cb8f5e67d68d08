import type { BulkResult } from './opensearch-gateway.js';

/** How large one bulk request may be. */
export interface BulkLimits {
  docs: number;
  bytes: number;
}

export interface AdaptiveLimitSettings {
  /** The configured maximum (`SINK_BULK_MAX_DOCS` / `SINK_BULK_MAX_BYTES`). */
  max: BulkLimits;
  /** Never shrink below this (clamped to `max`); the limit stops where either floor is reached. */
  floor: BulkLimits;
  /** Clean bulks in a row before the limit grows by `growthFactor`. */
  growAfter: number;
  growthFactor: number;
}

/**
 * Below ~50 documents a bulk is mostly per-request overhead; a cluster that cannot take 50
 * documents in a request timeout is undersized, and smaller bulks would not save it.
 */
export const DEFAULT_FLOOR: BulkLimits = { docs: 50, bytes: 64 * 1024 };
/** Growing back slower than shrinking keeps a cluster at its edge from timing out every bulk. */
export const DEFAULT_GROW_AFTER = 5;
export const DEFAULT_GROWTH_FACTOR = 1.5;

/** Why OpenSearch is taken to be starved: the bulk was too much for it right now. */
export type Pressure = 'timeout' | 'http 429' | 'http 503' | 'items 429';

/**
 * A bulk that timed out, or that OpenSearch refused as a whole with 429/503, or whose items
 * were mostly refused with 429 (the write thread pool's queue was full). Connection refused or
 * reset is an outage, not a size problem: retried at the same size.
 */
export function pressureOf(result: BulkResult): Pressure | undefined {
  if (!result.ok) {
    if (result.failure.timedOut) return 'timeout';
    if (result.failure.status === 429) return 'http 429';
    if (result.failure.status === 503) return 'http 503';
    return undefined;
  }
  const refused = result.items.filter((i) => i.status === 429).length;
  return refused * 2 > result.items.length ? 'items 429' : undefined;
}

/** The limits in force and the scale of the maximum they were derived from. */
export interface ScaledLimits extends BulkLimits {
  scale: number;
}

export interface LimitChange {
  kind: 'shrunk' | 'grew' | 'restored';
  limits: ScaledLimits;
}

/**
 * The bulk size the sink currently sends, as one scale of the configured maximum (documents and
 * bytes move together): halved on pressure down to the floor, grown back by a factor after a run
 * of clean bulks, up to the maximum. Pure state, no clock.
 */
export class AdaptiveBulkLimit {
  private scale = 1;
  /** The scale at which the documents or the bytes reach their floor: shrinking further would not. */
  private readonly minScale: number;
  private cleanRun = 0;

  constructor(private readonly settings: AdaptiveLimitSettings) {
    const { max, floor } = settings;
    this.minScale = Math.min(1, Math.max(floor.docs / max.docs, floor.bytes / max.bytes));
  }

  get limits(): ScaledLimits {
    const { max, floor } = this.settings;
    return {
      scale: this.scale,
      docs: Math.max(Math.min(floor.docs, max.docs), Math.round(max.docs * this.scale)),
      bytes: Math.max(Math.min(floor.bytes, max.bytes), Math.round(max.bytes * this.scale)),
    };
  }

  get atMax(): boolean {
    return this.scale === 1;
  }

  get atFloor(): boolean {
    return this.scale === this.minScale;
  }

  /**
   * A bulk cut under `sentUnder` met pressure: the next bulks get half that. Bulks cut under
   * the same limit and failing together (concurrent bulks, the parts of a re-split) shrink it
   * once, not once each.
   */
  starved(sentUnder: Pick<ScaledLimits, 'scale'>): LimitChange | undefined {
    this.cleanRun = 0;
    const next = Math.max(this.minScale, Math.min(this.scale, sentUnder.scale / 2));
    if (next === this.scale) return undefined;
    this.scale = next;
    return { kind: 'shrunk', limits: this.limits };
  }

  /** A bulk OpenSearch took without pressure (every item answered, none refused with 429). */
  succeeded(): LimitChange | undefined {
    if (this.atMax) return undefined;
    if (++this.cleanRun < this.settings.growAfter) return undefined;
    this.cleanRun = 0;
    this.scale = Math.min(1, this.scale * this.settings.growthFactor);
    return { kind: this.atMax ? 'restored' : 'grew', limits: this.limits };
  }
}

/**
 * Cuts `items` in order into chunks within `limits` (a single item larger than the byte limit
 * is a chunk of its own): how a timed-out bulk is re-sent at the new size.
 */
export function chunkWithin<T>(
  items: readonly T[],
  bytesOf: (item: T) => number,
  limits: BulkLimits,
): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const b = bytesOf(item);
    if (chunk.length > 0 && (chunk.length >= limits.docs || bytes + b > limits.bytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(item);
    bytes += b;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
