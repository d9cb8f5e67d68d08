import { percentile } from '../src/feed-watcher.js';

/** One enriched record as the customer received it, with the three clocks it carries. */
export interface LatencySample {
  /** The raw record's Kafka timestamp (the ingestor's produce), from the enricher's source-ts header. */
  sourceMs: number;
  /** The enriched record's own Kafka timestamp (the enricher's produce, inside its transaction). */
  enrichedMs: number;
  /** When the customer's consumer handed the record over. */
  receivedMs: number;
}

export interface LatencyWindow {
  /** Window start, seconds after the first record was ingested. */
  fromS: number;
  count: number;
  /** ingest → customer. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** ingest → enricher produce: waiting for the enricher (group join, fetch, processing). */
  toEnricherP99Ms: number;
  /** enricher produce → customer: transaction commit and the customer's fetch. */
  toCustomerP99Ms: number;
}

const p = (values: number[], q: number): number => percentile(values, q) ?? Number.NaN;

// Not Math.min(...xs): a minute at 2k msg/s is more arguments than a call takes.
const firstIngested = (samples: readonly LatencySample[]): number =>
  samples.reduce((min, s) => Math.min(min, s.sourceMs), Infinity);

/**
 * Buckets samples into windows of `windowMs` by the time their raw record was ingested, from the
 * first one ingested: a window reads "what records ingested then waited", so a slow start shows in
 * the first windows even when its records arrive late.
 */
export function latencyWindows(
  samples: readonly LatencySample[],
  windowMs: number,
): LatencyWindow[] {
  if (samples.length === 0) return [];
  const t0 = firstIngested(samples);
  const buckets: LatencySample[][] = [];
  for (const s of samples) (buckets[Math.floor((s.sourceMs - t0) / windowMs)] ??= []).push(s);
  const windows: LatencyWindow[] = [];
  buckets.forEach((bucket, i) => {
    const total = bucket.map((s) => s.receivedMs - s.sourceMs);
    windows.push({
      fromS: (i * windowMs) / 1000,
      count: bucket.length,
      p50Ms: p(total, 0.5),
      p99Ms: p(total, 0.99),
      maxMs: total.reduce((max, v) => Math.max(max, v), 0),
      toEnricherP99Ms: p(
        bucket.map((s) => s.enrichedMs - s.sourceMs),
        0.99,
      ),
      toCustomerP99Ms: p(
        bucket.map((s) => s.receivedMs - s.enrichedMs),
        0.99,
      ),
    });
  });
  return windows;
}

/** ingest → customer p50/p99 over the samples ingested in [fromMs, toMs) after the first one. */
export function latencyBetween(
  samples: readonly LatencySample[],
  fromMs: number,
  toMs: number,
): { count: number; p50Ms: number; p99Ms: number } {
  if (samples.length === 0) return { count: 0, p50Ms: Number.NaN, p99Ms: Number.NaN };
  const t0 = firstIngested(samples);
  const total = samples
    .filter((s) => s.sourceMs - t0 >= fromMs && s.sourceMs - t0 < toMs)
    .map((s) => s.receivedMs - s.sourceMs);
  return { count: total.length, p50Ms: p(total, 0.5), p99Ms: p(total, 0.99) };
}
