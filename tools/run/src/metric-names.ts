import type { AppName } from './service-specs.js';

/**
 * Which Prometheus counters mean "in", "out", "dlq" and "lag" for each app. Each entry lists
 * the metric names the app exports; the first one present wins.
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
    out: ['enricher_records_out_total', 'enricher_enriched_total'],
    dlq: ['enricher_dlq_total', 'enricher_dlq_records_total'],
    lag: ['kafka_consumergroup_lag'],
  },
  'opensearch-sink': {
    in: ['sink_records_consumed_total', 'sink_records_in_total'],
    out: ['sink_docs_indexed_total', 'sink_documents_indexed_total'],
    dlq: ['sink_dlq_total', 'sink_dlq_records_total'],
    lag: ['kafka_consumergroup_lag'],
  },
};
