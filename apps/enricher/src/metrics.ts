import { Counter, Gauge, Histogram, type Registry } from '@marketfeed/service';

export type EnricherMetrics = ReturnType<typeof createEnricherMetrics>;

/** Everything the enricher exports on /metrics; one registry per instance (no global state). */
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
    transactions: new Counter({
      name: 'enricher_transactions_total',
      help: 'Transactions by outcome',
      labelNames: ['outcome'] as const,
      registers,
    }),
    commitSeconds: new Histogram({
      name: 'enricher_transaction_commit_seconds',
      help: 'Time to send and commit one transaction (or, at-least-once, one send + offset commit)',
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers,
    }),
    actionsWaitSeconds: new Histogram({
      name: 'enricher_corporate_actions_wait_seconds',
      help: 'Time a fetched raw batch waits until the corporate-actions table is read to its end',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'enricher_batch_processing_seconds',
      help: 'Time from a raw batch reaching eachBatch to its last commit',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    endToEndSeconds: new Histogram({
      name: 'enricher_end_to_end_latency_seconds',
      help: 'Raw record timestamp to the commit of its enriched output',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    lag: new Gauge({
      name: 'kafka_consumergroup_lag',
      help: 'Raw records not yet committed, per partition',
      labelNames: ['topic', 'partition'] as const,
      registers,
    }),
    assignedPartitions: new Gauge({
      name: 'enricher_assigned_partitions',
      help: 'Raw partitions owned by this instance',
      registers,
    }),
    restoredSymbols: new Counter({
      name: 'enricher_restored_symbols_total',
      help: 'Symbol states restored from the changelog',
      registers,
    }),
    recoveries: new Counter({
      name: 'enricher_partition_recoveries_total',
      help: 'Partitions rewound to their last commit after a failed transaction, by cause',
      labelNames: ['cause'] as const,
      registers,
    }),
    lateCorporateActions: new Counter({
      name: 'enricher_late_corporate_actions_total',
      help: 'Splits read after bars of their ex-date were already enriched (ingestor ordering violated)',
      registers,
    }),
    symbols: new Gauge({ name: 'enricher_symbols', help: 'Symbols held in memory', registers }),
  };
}
