import {
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_SESSION_TIMEOUT_MS,
} from '@marketfeed/exactly-once';
import { DEFAULT_ENRICH_CONFIG, type EnrichConfig } from '@marketfeed/indicators';
import {
  kafkaEnvProblems,
  kafkaEnvShape,
  kafkaSettingsFromEnv,
  serviceIds,
  type KafkaSettings,
} from '@marketfeed/kafka';
import {
  envEnum,
  envInt,
  envNumber,
  envOptionalString,
  loadConfig,
  resolveFileSecrets,
  serviceEnvShape,
  type Env,
} from '@marketfeed/service';

export type Delivery = 'exactly-once' | 'at-least-once';

/**
 * Default of ENRICHER_SNAPSHOT_INTERVAL_MS: a partition's changed states reach the changelog at
 * most every 5 s, so a restore re-applies about 5 s of raw input (under a second at the demo's
 * 2k msg/s) while the state bytes per record stay small.
 */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 5_000;

/** Every variable the enricher reads. Defaults are what a production deployment wants. */
export const enricherEnvShape = {
  ...serviceEnvShape,
  ...kafkaEnvShape,
  /** Default `<FEED_TOPIC_PREFIX>-enricher`; an override must start with it (the ACLs grant that group prefix). */
  ENRICHER_GROUP_ID: envOptionalString(),
  /**
   * Prefix of the per-input-partition transactional ids. Default `<FEED_TOPIC_PREFIX>-enricher`;
   * an override must start with it (the ACLs grant that transactional-id prefix).
   */
  ENRICHER_TRANSACTIONAL_ID_PREFIX: envOptionalString(),
  INDICATOR_THRESHOLD_PCT: envNumber(DEFAULT_ENRICH_CONFIG.thresholdPct, 0, 1000),
  SMA_FAST: envInt(DEFAULT_ENRICH_CONFIG.smaFast, 1, 10_000),
  SMA_SLOW: envInt(DEFAULT_ENRICH_CONFIG.smaSlow, 2, 10_000),
  /** The broker's fetch wait: how long a transaction's input gathers, so it bounds added latency. */
  TRANSACTION_MAX_MS: envInt(100, 1, 60_000),
  TRANSACTION_MAX_RECORDS: envInt(5000, 1, 1_000_000),
  DELIVERY: envEnum(['exactly-once', 'at-least-once'], 'exactly-once'),
  /** Broker-side transaction timeout: how long a crashed instance's open transaction can block readers. */
  ENRICHER_TRANSACTION_TIMEOUT_MS: envInt(60_000, 1_000, 900_000),
  /**
   * How soon a killed instance's partitions move to the others: most of a failover's stall. The
   * broker accepts group.min.session.timeout.ms..group.max.session.timeout.ms (6 s..30 min by
   * default); the README says why 6 s.
   */
  ENRICHER_SESSION_TIMEOUT_MS: envInt(DEFAULT_SESSION_TIMEOUT_MS, 1_000, 3_600_000),
  /** How often the instance heartbeats; also how late it learns that a rebalance started. */
  ENRICHER_HEARTBEAT_INTERVAL_MS: envInt(DEFAULT_HEARTBEAT_INTERVAL_MS, 100, 1_200_000),
  /**
   * How often each partition writes a state snapshot to the changelog (0: every transaction). A
   * restore re-applies at most about this much raw input, so it bounds restore time too.
   */
  ENRICHER_SNAPSHOT_INTERVAL_MS: envInt(DEFAULT_SNAPSHOT_INTERVAL_MS, 0, 3_600_000),
};

export interface EnricherConfig {
  service: { port: number; logLevel: string; shutdownGraceMs: number };
  kafka: KafkaSettings;
  groupId: string;
  transactionalIdPrefix: string;
  enrich: EnrichConfig;
  transactionMaxMs: number;
  transactionMaxRecords: number;
  transactionTimeoutMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  snapshotEveryMs: number;
  delivery: Delivery;
}

/** Reads and validates the environment once, at boot; a ConfigError names every bad variable. */
export function loadEnricherConfig(env: Env): EnricherConfig {
  const resolved = resolveFileSecrets(env, ['KAFKA_PASSWORD']);
  const cfg = loadConfig(enricherEnvShape, resolved, (c) => {
    const problems = kafkaEnvProblems(c);
    const ids = serviceIds(c.FEED_TOPIC_PREFIX);
    for (const [variable, value, prefix] of [
      ['ENRICHER_GROUP_ID', c.ENRICHER_GROUP_ID, ids.enricherGroup],
      [
        'ENRICHER_TRANSACTIONAL_ID_PREFIX',
        c.ENRICHER_TRANSACTIONAL_ID_PREFIX,
        ids.enricherTransactionalId,
      ],
    ] as const) {
      if (value !== undefined && !value.startsWith(prefix))
        problems.push({
          variable,
          reason: `must start with "${prefix}" (the prefix the enricher's ACLs grant), got "${value}"`,
        });
    }
    if (c.ENRICHER_HEARTBEAT_INTERVAL_MS * 3 > c.ENRICHER_SESSION_TIMEOUT_MS) {
      // Kafka's guidance: a lost heartbeat or two must not expire a session.
      problems.push({
        variable: 'ENRICHER_HEARTBEAT_INTERVAL_MS',
        reason: `must be at most a third of ENRICHER_SESSION_TIMEOUT_MS (${c.ENRICHER_SESSION_TIMEOUT_MS}), got ${c.ENRICHER_HEARTBEAT_INTERVAL_MS}; set it to ${Math.floor(c.ENRICHER_SESSION_TIMEOUT_MS / 3)} or less`,
      });
    }
    if (c.SMA_SLOW <= c.SMA_FAST) {
      problems.push({
        variable: 'SMA_SLOW',
        reason: `must be greater than SMA_FAST (${c.SMA_FAST}), got ${c.SMA_SLOW}`,
      });
    }
    return problems;
  });
  return {
    service: { port: cfg.PORT, logLevel: cfg.LOG_LEVEL, shutdownGraceMs: cfg.SHUTDOWN_GRACE_MS },
    kafka: kafkaSettingsFromEnv(cfg),
    groupId: cfg.ENRICHER_GROUP_ID ?? serviceIds(cfg.FEED_TOPIC_PREFIX).enricherGroup,
    transactionalIdPrefix:
      cfg.ENRICHER_TRANSACTIONAL_ID_PREFIX ??
      serviceIds(cfg.FEED_TOPIC_PREFIX).enricherTransactionalId,
    enrich: {
      ...DEFAULT_ENRICH_CONFIG,
      thresholdPct: cfg.INDICATOR_THRESHOLD_PCT,
      smaFast: cfg.SMA_FAST,
      smaSlow: cfg.SMA_SLOW,
    },
    transactionMaxMs: cfg.TRANSACTION_MAX_MS,
    transactionMaxRecords: cfg.TRANSACTION_MAX_RECORDS,
    transactionTimeoutMs: cfg.ENRICHER_TRANSACTION_TIMEOUT_MS,
    sessionTimeoutMs: cfg.ENRICHER_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: cfg.ENRICHER_HEARTBEAT_INTERVAL_MS,
    snapshotEveryMs: cfg.ENRICHER_SNAPSHOT_INTERVAL_MS,
    delivery: cfg.DELIVERY,
  };
}
