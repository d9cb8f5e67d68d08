import type { Sample } from '../src/prometheus-text.js';
import { sumMetric } from '../src/prometheus-text.js';

/** The enricher's counters at one moment, from its /metrics. */
export interface EnricherCounters {
  atMs: number;
  recordsIn: number;
  committed: number;
  commitSecondsSum: number;
  commitCount: number;
  batchSecondsSum: number;
  batchCount: number;
  actionsWaitSecondsSum: number;
  lag: number;
}

export function enricherCounters(samples: readonly Sample[], atMs: number): EnricherCounters {
  return {
    atMs,
    recordsIn: sumMetric(samples, 'enricher_records_in_total'),
    committed: sumMetric(samples, 'enricher_transactions_total', { outcome: 'committed' }),
    commitSecondsSum: sumMetric(samples, 'enricher_transaction_commit_seconds_sum'),
    commitCount: sumMetric(samples, 'enricher_transaction_commit_seconds_count'),
    batchSecondsSum: sumMetric(samples, 'enricher_batch_processing_seconds_sum'),
    batchCount: sumMetric(samples, 'enricher_batch_processing_seconds_count'),
    actionsWaitSecondsSum: sumMetric(samples, 'enricher_corporate_actions_wait_seconds_sum'),
    lag: sumMetric(samples, 'kafka_consumergroup_lag'),
  };
}

/** What the enricher did between two looks: rates and mean durations, for one line of the report. */
export function enricherActivity(prev: EnricherCounters, cur: EnricherCounters) {
  const seconds = (cur.atMs - prev.atMs) / 1000;
  const commits = cur.commitCount - prev.commitCount;
  const batches = cur.batchCount - prev.batchCount;
  const records = cur.recordsIn - prev.recordsIn;
  return {
    recordsPerSecond: Math.round(records / seconds),
    transactionsPerSecond: Math.round((cur.committed - prev.committed) / seconds),
    recordsPerTransaction: commits > 0 ? Math.round(records / commits) : 0,
    meanCommitMs:
      commits > 0
        ? Math.round(((cur.commitSecondsSum - prev.commitSecondsSum) / commits) * 1000)
        : 0,
    meanBatchMs:
      batches > 0 ? Math.round(((cur.batchSecondsSum - prev.batchSecondsSum) / batches) * 1000) : 0,
    /** Mean wait of a fetched batch for the corporate-actions table (one ListOffsets per fetch). */
    meanActionsWaitMs:
      batches > 0
        ? Math.round(((cur.actionsWaitSecondsSum - prev.actionsWaitSecondsSum) / batches) * 1000)
        : 0,
    /** Share of the wall clock spent inside a commit, summed over the partitions' producers. */
    commitBusy: (cur.commitSecondsSum - prev.commitSecondsSum) / seconds,
    lag: cur.lag,
  };
}
