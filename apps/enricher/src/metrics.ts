import { Counter, Histogram, type Registry } from '@marketfeed/service';

export type EnricherMetrics = ReturnType<typeof createEnricherMetrics>;

/**
 * The enrichment's own metrics; the exactly-once processor adds its `enricher_*` transaction,
 * partition and state metrics to the same registry (one registry per instance, no global state).
 */
export function createEnricherMetrics(registry: Registry) {
  const registers = [registry];
  return {
    recordsIn: new Counter({
      name: 'enricher_records_in_total',
      help: 'Raw records consumed and processed',
      registers,
    }),
    recordsOut: new Counter({
      name: 'enricher_records_out_total',
      help: 'Records committed, by output topic role',
      labelNames: ['output'] as const,
      registers,
    }),
    duplicates: new Counter({
      name: 'enricher_duplicates_dropped_total',
      help: 'Duplicate minute bars (same symbol and timestamp) dropped',
      registers,
    }),
    ignored: new Counter({
      name: 'enricher_records_ignored_total',
      help: 'Valid raw events that produce no enriched record (statuses, trades, quotes, closed-session or too-old bars)',
      registers,
    }),
    dlq: new Counter({
      name: 'enricher_dlq_total',
      help: 'Raw records sent to the DLQ',
      registers,
    }),
    actionsWaitSeconds: new Histogram({
      name: 'enricher_corporate_actions_wait_seconds',
      help: 'Time a fetched raw batch waits until the corporate-actions table is read to its end',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    endToEndSeconds: new Histogram({
      name: 'enricher_end_to_end_latency_seconds',
      help: 'Raw record timestamp to the commit of its enriched output',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    lateCorporateActions: new Counter({
      name: 'enricher_late_corporate_actions_total',
      help: 'Splits read after bars of their ex-date were already enriched (ingestor ordering violated)',
      registers,
    }),
  };
}
