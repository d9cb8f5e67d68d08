import type { AppName } from './service-specs.js';

/**
 * Which Prometheus counters mean "in", "out", "dlq" and "lag" for each app. Each entry lists
 * the metric names the app exports; the first one present wins. A name may carry a label
 * filter in Prometheus selector form: `name{label="value"}`.
 */
export interface AppMetricNames {
  in: readonly string[];
  out: readonly string[];
  dlq: readonly string[];
  lag: readonly string[];
}

export const METRIC_NAMES: Record<AppName, AppMetricNames> = {
  ingestor: {
    in: ['ingestor_messages_received_total', 'ingestor_received_total'],
    out: ['ingestor_messages_published_total', 'ingestor_published_total'],
    dlq: ['ingestor_messages_rejected_total', 'ingestor_rejected_total', 'ingestor_dlq_total'],
    lag: ['ingestor_buffer_depth'],
  },
  enricher: {
    in: ['enricher_records_in_total'],
    out: ['enricher_records_out_total{output="enriched"}'],
    dlq: ['enricher_dlq_total', 'enricher_dlq_records_total'],
    lag: ['kafka_consumergroup_lag'],
  },
  'opensearch-sink': {
    // Settled = indexed, or already indexed at the same/newer revision, or dead-lettered.
    in: ['sink_documents_total'],
    out: ['sink_documents_total{result="indexed"}'],
    dlq: ['sink_dlq_records_total'],
    lag: ['sink_consumer_lag', 'kafka_consumergroup_lag'],
  },
  web: {
    // Bars read from latest/enriched in, live-stream frames to browsers out.
    in: ['web_bars_received_total'],
    out: ['web_sse_frames_total'],
    dlq: ['web_invalid_records_total'],
    lag: [],
  },
};

/** Splits `name{a="x",b="y"}` into the metric name and its label filter. */
export function parseSelector(selector: string): {
  name: string;
  labels: Record<string, string> | undefined;
} {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$/.exec(selector);
  if (!m) throw new Error(`bad metric selector ${selector}`);
  if (!m[2]) return { name: m[1] as string, labels: undefined };
  const labels: Record<string, string> = {};
  for (const l of m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g))
    labels[l[1] as string] = l[2] as string;
  return { name: m[1] as string, labels };
}
