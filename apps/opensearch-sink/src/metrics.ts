import { metricsOn, type Registry } from '@marketfeed/service';

/** The sink's Prometheus metrics, registered on the service's own registry. */
export function createSinkMetrics(registry: Registry) {
  const on = metricsOn(registry);
  return {
    docs: on.counter({
      name: 'sink_documents_total',
      help: 'Records settled, by result: indexed (written), duplicate (same or newer revision already indexed), dead_lettered',
      labelNames: ['result'] as const,
    }),
    dlq: on.counter({
      name: 'sink_dlq_records_total',
      help: 'Records written to the DLQ, by reason',
      labelNames: ['reason'] as const,
    }),
    bulkRequests: on.counter({
      name: 'sink_bulk_requests_total',
      help: 'Bulk requests sent, by outcome (ok: OpenSearch answered with per-item results)',
      labelNames: ['outcome'] as const,
    }),
    bulkDocs: on.histogram({
      name: 'sink_bulk_documents',
      help: 'Documents per bulk request',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 5000, 10000],
    }),
    bulkBytes: on.histogram({
      name: 'sink_bulk_bytes',
      help: 'Bytes per bulk request body',
      buckets: [1e3, 1e4, 1e5, 5e5, 1e6, 2.5e6, 5e6, 1e7],
    }),
    bulkLimitDocs: on.gauge({
      name: 'sink_bulk_limit_documents',
      help: 'Documents per bulk now allowed: SINK_BULK_MAX_DOCS, halved while OpenSearch times out or answers 429/503',
    }),
    bulkLimitBytes: on.gauge({
      name: 'sink_bulk_limit_bytes',
      help: 'Bytes per bulk body now allowed: SINK_BULK_MAX_BYTES, halved with the document limit',
    }),
    bulkSeconds: on.histogram({
      name: 'sink_bulk_duration_seconds',
      help: 'Bulk request latency',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    retries: on.counter({
      name: 'sink_retries_total',
      help: 'Documents re-sent after a retriable failure, by cause (unreachable, HTTP status, item error)',
      labelNames: ['cause'] as const,
    }),
    buffered: on.gauge({
      name: 'sink_buffered_documents',
      help: 'Documents held in memory (queued or in flight)',
    }),
    opensearchUp: on.gauge({
      name: 'sink_opensearch_up',
      help: '1 when the last bulk request reached OpenSearch, 0 while retrying an outage',
    }),
    lag: on.gauge({
      name: 'sink_consumer_lag',
      help: 'Records on the enriched topic not yet committed by the sink, per partition',
      labelNames: ['partition'] as const,
    }),
    endToEndSeconds: on.histogram({
      name: 'sink_record_to_indexed_seconds',
      help: 'From the record timestamp on the enriched topic to its bulk being acknowledged',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    }),
    aliasCollisions: on.counter({
      name: 'sink_symbol_alias_collisions_total',
      help: 'Symbols left without a filtered alias because the alias name was taken',
    }),
  };
}

export type SinkMetrics = ReturnType<typeof createSinkMetrics>;
