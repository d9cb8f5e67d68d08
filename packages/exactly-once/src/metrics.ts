import { Counter, Gauge, Histogram, type Registry } from '@marketfeed/service';

export type ProcessorMetrics = ReturnType<typeof createProcessorMetrics>;

/**
 * The processor's own metrics, named `<prefix>_...` so an application keeps its dashboard names
 * (`enricher_transactions_total`); `keys` names what a state key is (`symbols`).
 */
export function createProcessorMetrics(registry: Registry, prefix: string, keys: string) {
  const registers = [registry];
  return {
    transactions: new Counter({
      name: `${prefix}_transactions_total`,
      help: 'Transactions by outcome',
      labelNames: ['outcome'] as const,
      registers,
    }),
    commitSeconds: new Histogram({
      name: `${prefix}_transaction_commit_seconds`,
      help: 'Time to send and commit one transaction (or, at-least-once, one send + offset commit)',
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers,
    }),
    batchSeconds: new Histogram({
      name: `${prefix}_batch_processing_seconds`,
      help: 'Time from a fetched input batch reaching the processor to its last commit',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    lag: new Gauge({
      name: 'kafka_consumergroup_lag',
      help: 'Input records not yet committed, per partition',
      labelNames: ['topic', 'partition'] as const,
      registers,
    }),
    assignedPartitions: new Gauge({
      name: `${prefix}_assigned_partitions`,
      help: 'Input partitions owned by this instance',
      registers,
    }),
    groupJoins: new Counter({
      name: `${prefix}_group_joins_total`,
      help: 'Times this instance (re)joined its consumer group: every one after the first is a rebalance',
      registers,
    }),
    restoredKeys: new Counter({
      name: `${prefix}_restored_${keys}_total`,
      help: `States (${keys}) restored from the changelog`,
      registers,
    }),
    recoveries: new Counter({
      name: `${prefix}_partition_recoveries_total`,
      help: 'Partitions rewound to their last commit after a failed transaction, by cause',
      labelNames: ['cause'] as const,
      registers,
    }),
    snapshots: new Counter({
      name: `${prefix}_snapshots_total`,
      help: 'Transactions that also wrote a state snapshot (changed keys + checkpoint) to the changelog',
      registers,
    }),
    snapshotKeys: new Counter({
      name: `${prefix}_snapshot_${keys}_total`,
      help: `States (${keys}) written to the changelog in snapshots`,
      registers,
    }),
    replayedRecords: new Counter({
      name: `${prefix}_replayed_records_total`,
      help: 'Input records re-applied after a restore to rebuild state past the last snapshot (outputs discarded)',
      registers,
    }),
    keys: new Gauge({
      name: `${prefix}_${keys}`,
      help: `States (${keys}) held in memory`,
      registers,
    }),
  };
}
