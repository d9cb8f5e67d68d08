import { z } from 'zod';

/**
 * Where alarms go and when they fire. Every threshold has a default a new environment can
 * live with; docs/runbook.md says what each alarm means and what to do.
 */
export const alarmSubscriptionSchema = z.object({
  protocol: z.enum(['email', 'https', 'sqs', 'lambda']),
  endpoint: z.string().min(3),
});

const pct = z.number().min(1).max(100);

export const thresholdsSchema = z.object({
  /** MSK `KafkaDataLogsDiskUsed`, per broker. */
  mskDiskUsedPct: pct.default(80),
  /** MSK `CpuUser + CpuSystem`, per broker; MSK advises staying under 60 % to survive a broker loss. */
  mskCpuPct: pct.default(60),
  /** OpenSearch `FreeStorageSpace`, as a share of one node's volume. */
  searchFreeStoragePct: pct.default(25),
  searchJvmPressurePct: pct.default(85),
  /** `SumOffsetLag` of the group across its topics, in records. */
  enricherLagRecords: z.number().int().positive().default(10_000),
  sinkLagRecords: z.number().int().positive().default(50_000),
  /** App figures (EMF, see src/monitoring/app-metrics.ts), per minute unless named otherwise. */
  dlqRecordsPerMinute: z.number().int().min(1).default(10),
  enricherTransactionFailuresPer5Min: z.number().int().min(1).default(3),
  ingestorSilentGapsPer15Min: z.number().int().min(1).default(1),
  sinkBulkFailuresPer5Min: z.number().int().min(1).default(3),
  /** Consecutive minutes a condition must hold before an alarm fires. */
  evaluationMinutes: z.number().int().min(1).max(60).default(5),
});

export const monitoringSchema = z.object({
  /** Subscriptions of the environment's one alarm topic. Email ones wait for confirmation. */
  subscriptions: z.array(alarmSubscriptionSchema).default([]),
  thresholds: thresholdsSchema.prefault({}),
  /**
   * Alarm on a yellow OpenSearch cluster (an unassigned replica). A one-node domain is yellow
   * whenever an index asks for a replica, so this is for multi-node domains.
   */
  searchYellowAlarm: z.boolean().default(false),
});

export type Monitoring = z.infer<typeof monitoringSchema>;
export type Thresholds = z.infer<typeof thresholdsSchema>;
