import { Counter, Gauge, Histogram } from '@marketfeed/service';
import type { Registry } from 'prom-client';

/** The ingestor's Prometheus metrics, on the service's registry (no global default registry). */
function createIngestorMetricsSet(registry: Registry, buffer: { size: number; capacity: number }) {
  const registers = [registry];
  return {
    received: new Counter({
      name: 'ingestor_received_total',
      help: 'Inputs received from the source, by type',
      labelNames: ['type'],
      registers,
    }),
    published: new Counter({
      name: 'ingestor_published_total',
      help: 'Records acknowledged by Kafka, by topic role and type',
      labelNames: ['topic', 'type'],
      registers,
    }),
    rejected: new Counter({
      name: 'ingestor_rejected_total',
      help: 'Inputs that failed validation and went to the DLQ, by reason',
      labelNames: ['reason'],
      registers,
    }),
    dropped: new Counter({
      name: 'ingestor_dropped_total',
      help: 'Inputs dropped by policy (never silent: also logged), by reason',
      labelNames: ['reason'],
      registers,
    }),
    duplicates: new Counter({
      name: 'ingestor_duplicates_total',
      help: 'Bars skipped because the same symbol+minute was already published (backfill overlap)',
      registers,
    }),
    publishLatency: new Histogram({
      name: 'ingestor_publish_latency_seconds',
      help: 'Receipt to Kafka acknowledgement, observed once per batch for its oldest record',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    batchSize: new Histogram({
      name: 'ingestor_batch_records',
      help: 'Records per produce request',
      buckets: [1, 10, 100, 500, 1000, 2000, 5000, 10000, 50000],
      registers,
    }),
    publishErrors: new Counter({
      name: 'ingestor_publish_errors_total',
      help: 'Failed produce attempts (the batch is retried)',
      labelNames: ['retriable'],
      registers,
    }),
    bufferDepth: new Gauge({
      name: 'ingestor_buffer_depth',
      help: 'Records buffered in memory awaiting Kafka acknowledgement',
      registers,
      collect() {
        this.set(buffer.size);
      },
    }),
    bufferCapacity: new Gauge({
      name: 'ingestor_buffer_capacity',
      help: 'Capacity of the in-memory buffer',
      registers,
      collect() {
        this.set(buffer.capacity);
      },
    }),
    reconnects: new Counter({
      name: 'ingestor_source_reconnects_total',
      help: 'Source reconnects, by cause',
      labelNames: ['cause'],
      registers,
    }),
    gaps: new Counter({
      name: 'ingestor_gaps_total',
      help: 'Periods the source was disconnected or silent, by cause',
      labelNames: ['cause'],
      registers,
    }),
    gapSeconds: new Counter({
      name: 'ingestor_gap_seconds_total',
      help: 'Total length of recorded gaps',
      registers,
    }),
    backfilled: new Counter({
      name: 'ingestor_backfilled_bars_total',
      help: 'Minute bars recovered from the historical REST API after a gap',
      registers,
    }),
    corporateActionsPublished: new Counter({
      name: 'ingestor_corporate_actions_published_total',
      help: 'Corporate actions from the Alpaca REST API queued for the corporate-actions topic (new or changed ones; de-duplicated by key), by type',
      labelNames: ['type'],
      registers,
    }),
    corporateActionsFetchErrors: new Counter({
      name: 'ingestor_corporate_actions_fetch_errors_total',
      help: 'Failed corporate-actions fetches from the Alpaca REST API (retried on the next cycle)',
      registers,
    }),
    sourceErrors: new Counter({
      name: 'ingestor_source_errors_total',
      help: 'Errors reported by the source, by code',
      labelNames: ['code'],
      registers,
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
