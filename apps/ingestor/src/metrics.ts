import { metricsOn } from '@marketfeed/service';
import type { Registry } from 'prom-client';

/** The ingestor's Prometheus metrics, on the service's registry (no global default registry). */
function createIngestorMetricsSet(registry: Registry, buffer: { size: number; capacity: number }) {
  const on = metricsOn(registry);
  return {
    received: on.counter({
      name: 'ingestor_received_total',
      help: 'Inputs received from the source, by type',
      labelNames: ['type'],
    }),
    published: on.counter({
      name: 'ingestor_published_total',
      help: 'Records acknowledged by Kafka, by topic role and type',
      labelNames: ['topic', 'type'],
    }),
    rejected: on.counter({
      name: 'ingestor_rejected_total',
      help: 'Inputs that failed validation and went to the DLQ, by reason',
      labelNames: ['reason'],
    }),
    dropped: on.counter({
      name: 'ingestor_dropped_total',
      help: 'Inputs dropped by policy (never silent: also logged), by reason',
      labelNames: ['reason'],
    }),
    duplicates: on.counter({
      name: 'ingestor_duplicates_total',
      help: 'Bars skipped because the same symbol+minute was already published (backfill overlap)',
    }),
    publishLatency: on.histogram({
      name: 'ingestor_publish_latency_seconds',
      help: 'Receipt to Kafka acknowledgement, observed once per batch for its oldest record',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
    batchSize: on.histogram({
      name: 'ingestor_batch_records',
      help: 'Records per produce request',
      buckets: [1, 10, 100, 500, 1000, 2000, 5000, 10000, 50000],
    }),
    publishErrors: on.counter({
      name: 'ingestor_publish_errors_total',
      help: 'Failed produce attempts (the batch is retried)',
      labelNames: ['retriable'],
    }),
    bufferDepth: on.gauge({
      name: 'ingestor_buffer_depth',
      help: 'Records buffered in memory awaiting Kafka acknowledgement',
      collect() {
        this.set(buffer.size);
      },
    }),
    bufferCapacity: on.gauge({
      name: 'ingestor_buffer_capacity',
      help: 'Capacity of the in-memory buffer',
      collect() {
        this.set(buffer.capacity);
      },
    }),
    reconnects: on.counter({
      name: 'ingestor_source_reconnects_total',
      help: 'Source reconnects, by cause',
      labelNames: ['cause'],
    }),
    gaps: on.counter({
      name: 'ingestor_gaps_total',
      help: 'Periods the source was disconnected or silent, by cause',
      labelNames: ['cause'],
    }),
    gapSeconds: on.counter({
      name: 'ingestor_gap_seconds_total',
      help: 'Total length of recorded gaps',
    }),
    backfilled: on.counter({
      name: 'ingestor_backfilled_bars_total',
      help: 'Minute bars recovered from the historical REST API after a gap',
    }),
    corporateActionsPublished: on.counter({
      name: 'ingestor_corporate_actions_published_total',
      help: 'Corporate actions from the Alpaca REST API queued for the corporate-actions topic (new or changed ones; de-duplicated by key), by type',
      labelNames: ['type'],
    }),
    corporateActionsFetchErrors: on.counter({
      name: 'ingestor_corporate_actions_fetch_errors_total',
      help: 'Failed corporate-actions fetches from the Alpaca REST API (retried on the next cycle)',
    }),
    sourceErrors: on.counter({
      name: 'ingestor_source_errors_total',
      help: 'Errors reported by the source, by code',
      labelNames: ['code'],
    }),
  };
}

/** The metrics plus `countReceived`, which caches label children: it runs once per record. */
export function createIngestorMetrics(
  registry: Registry,
  buffer: { size: number; capacity: number },
) {
  const metrics = createIngestorMetricsSet(registry, buffer);
  const received = new Map<string, { inc(): void }>();
  const countReceived = (type: string) => {
    let child = received.get(type);
    if (!child) received.set(type, (child = metrics.received.labels({ type })));
    child.inc();
  };
  return { ...metrics, countReceived };
}

export type IngestorMetrics = ReturnType<typeof createIngestorMetrics>;
