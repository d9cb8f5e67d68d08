import type { Admin, Kafka } from 'kafkajs';
import type { SymbolState } from '@marketfeed/indicators';
import {
  createExactlyOnceProcessor,
  type ExactlyOnceProcessor,
  type ProcessorMetrics,
  type ProcessorOutcome,
} from '@marketfeed/exactly-once';
import { topicCatalog, type TopicCatalog } from '@marketfeed/kafka';
import type { Logger, Readiness, Registry } from '@marketfeed/service';
import { DEFAULT_SNAPSHOT_INTERVAL_MS, type EnricherConfig } from './config.js';
import { CorporateActionsFollower } from './corporate-actions-follower.js';
import { enrichmentTransform, symbolStateCodec } from './enrichment-transform.js';
import { createEnricherMetrics, type EnricherMetrics } from './metrics.js';

export type EnricherSettings = Pick<
  EnricherConfig,
  | 'groupId'
  | 'transactionalIdPrefix'
  | 'enrich'
  | 'transactionMaxMs'
  | 'transactionMaxRecords'
  | 'transactionTimeoutMs'
  | 'delivery'
> & {
  topicPrefix: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  restoreTimeoutMs?: number;
  /** Default: what ENRICHER_SNAPSHOT_INTERVAL_MS defaults to, so tests run what ships. */
  snapshotEveryMs?: number;
};

export interface EnricherDeps {
  settings: EnricherSettings;
  kafka: Kafka;
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
  now?: () => Date;
}

export interface Enricher {
  start(): Promise<void>;
  /** Leaves the group after the batch in flight is committed, then releases every partition. Idempotent. */
  stop(): Promise<void>;
  /** Settles when the enricher cannot go on (never rejects). */
  readonly done: Promise<ProcessorOutcome>;
  readonly metrics: EnricherMetrics & ProcessorMetrics;
  /** Raw partitions owned right now and whether each is ready (tests, /readyz detail). */
  partitions(): Array<{ partition: number; status: string }>;
}

/**
 * The enricher: the corporate-actions table, followed in full by every instance, and the
 * enrichment transform, run by the exactly-once processor over the raw topic.
 */
export function createEnricher(deps: EnricherDeps): Enricher {
  const { kafka, settings } = deps;
  const log = deps.logger.child({ component: 'enricher' });
  const topics: TopicCatalog = topicCatalog(settings.topicPrefix);
  const metrics = createEnricherMetrics(deps.registry);
  let admin: Admin | undefined;
  let follower: CorporateActionsFollower | undefined;

  const processor: ExactlyOnceProcessor<SymbolState> = createExactlyOnceProcessor({
    name: 'enricher',
    keys: 'symbols',
    topics: {
      input: topics.raw.name,
      changelog: topics.enricherState.name,
      outputs: [topics.enriched.name, topics.latest.name],
    },
    settings: {
      ...settings,
      snapshotEveryMs: settings.snapshotEveryMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS,
    },
    codec: symbolStateCodec,
    transform: enrichmentTransform({
      topics,
      config: settings.enrich,
      actions: () => follower!.table,
      metrics,
      now: deps.now ?? (() => new Date()),
    }),
    // Every action on the topic when a raw batch was fetched must be in the table (see README).
    beforeBatch: async (fetchedAt) => {
      const waitStart = performance.now();
      await follower!.caughtUpSince(fetchedAt);
      metrics.actionsWaitSeconds.observe((performance.now() - waitStart) / 1000);
    },
    kafka,
    logger: deps.logger,
    registry: deps.registry,
    readiness: deps.readiness,
  });

  let stopped: Promise<void> | undefined;
  return {
    metrics: { ...metrics, ...processor.metrics },
    done: processor.done,
    partitions: () => processor.partitions(),

    async start() {
      admin = kafka.admin();
      await admin.connect();
      follower = new CorporateActionsFollower({
        kafka,
        admin,
        topic: topics.corporateActions.name,
        groupPrefix: settings.groupId,
        logger: log,
        onInvalid: (key, issues) => log.warn({ key, issues }, 'invalid corporate action ignored'),
        onAction: (action, live) => {
          if (!live || action.type === 'cash_dividend') return;
          const last = processor.stateOf(action.symbol)?.series.lastDate;
          if (last && last >= action.ex_date) {
            metrics.lateCorporateActions.inc();
            log.warn(
              { action },
              'split arrived after bars of its ex-date were enriched; those bars stay unadjusted',
            );
          }
        },
      });
      await follower.start();
      await follower.caughtUpSince(Date.now());
      await processor.start();
    },

    stop() {
      stopped ??= (async () => {
        await processor.stop();
        await follower?.stop().catch(() => undefined);
        await admin?.disconnect().catch(() => undefined);
      })();
      return stopped;
    },
  };
}
