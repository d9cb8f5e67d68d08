/**
 * Sections of docs/runbook.md that alarms point to. A test checks every alarm names one and
 * that each exists as a heading there (GitHub's anchor for a heading).
 */
export const RUNBOOK_PATH = 'docs/runbook.md';

export const RUNBOOK = {
  mskDisk: 'msk-broker-disk-use',
  mskCpu: 'msk-broker-cpu',
  mskUnderReplicated: 'msk-under-replicated-partitions',
  mskOffline: 'msk-offline-partitions',
  mskController: 'msk-active-controller-count',
  searchRed: 'opensearch-cluster-red',
  searchYellow: 'opensearch-cluster-yellow',
  searchStorage: 'opensearch-free-storage',
  searchJvm: 'opensearch-jvm-memory-pressure',
  searchSnapshot: 'opensearch-snapshot-failure',
  ecsRunning: 'ecs-running-tasks-below-desired',
  lagEnricher: 'consumer-lag-enricher',
  lagSink: 'consumer-lag-sink',
  dlq: 'dlq-records',
  transactionFailures: 'enricher-transaction-failures',
  silentGaps: 'ingestor-silent-socket-gaps',
  bulkFailures: 'sink-bulk-failures',
} as const;
export type RunbookSection = (typeof RUNBOOK)[keyof typeof RUNBOOK];

export const runbookLink = (section: RunbookSection): string => `${RUNBOOK_PATH}#${section}`;
