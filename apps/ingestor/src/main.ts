import {
  createKafka,
  ensureTopics,
  isKafkaAuthError,
  isRetriableKafkaError,
  kafkaServiceOps,
} from '@marketfeed/kafka';
import { topicCatalog } from '@marketfeed/kafka/contract';
import { runService, StateCheck, type Logger } from '@marketfeed/service';
import type { Admin } from 'kafkajs';
import { loadIngestorConfig, type IngestorConfig } from './config.js';
import { createIngestor } from './ingestor.js';
import { createIngestorProducers } from './kafka-producer.js';
import { verifyTopicsExist } from './verify-topics.js';
import { createSource } from './sources/create-source.js';

/** How long boot waits for Kafka to confirm the topics before starting anyway (not ready). */
const BOOT_CHECK_MS = 15_000;

class BootCheckTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BootCheckTimeout(`no answer from Kafka within ${ms}ms`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Fails the boot on missing topics, refused credentials or ACLs; Kafka down at boot is an outage
 * like any other: start not ready and let the publisher retry.
 */
async function checkTopics(
  admin: Admin,
  config: IngestorConfig,
  topics: Parameters<typeof ensureTopics>[1],
  logger: Logger,
): Promise<void> {
  const check = async () => {
    await admin.connect();
    if (config.publisher.createTopics) {
      const created = await ensureTopics(admin, topics);
      if (created.length > 0) logger.info({ created }, 'created topics');
    }
    await verifyTopicsExist(
      admin,
      topics.map((t) => t.name),
    );
  };
  try {
    await withTimeout(check(), BOOT_CHECK_MS);
  } catch (err) {
    if (
      !(err instanceof BootCheckTimeout) &&
      (!isRetriableKafkaError(err) || isKafkaAuthError(err))
    )
      throw err;
    logger.warn({ err }, 'Kafka unreachable at boot; topics not verified');
  } finally {
    void admin.disconnect().catch(() => {});
  }
}

runService({
  name: 'ingestor',
  loadConfig: loadIngestorConfig,
  ops: kafkaServiceOps,
  create: async ({ config, logger, registry, readiness }) => {
    const kafka = createKafka(config.kafka, { clientId: 'marketfeed-ingestor', logger });
    const catalog = topicCatalog(config.kafka.topicPrefix, config.publisher.topicPartitions);
    // Not ready while the topics are checked; the ops server already answers /healthz.
    const boot = new StateCheck('checking topics');
    readiness.register('boot', boot.check);
    const written = [catalog.raw, catalog.corporateActions, catalog.dlq];
    await checkTopics(kafka.admin(), config, written, logger);
    boot.up('topics checked');

    const ingestor = createIngestor({
      config,
      topics: {
        raw: catalog.raw.name,
        corporateActions: catalog.corporateActions.name,
        dlq: catalog.dlq.name,
      },
      producer: createIngestorProducers(kafka, config.publisher.producers),
      createSource: (ctx) => createSource(config.source, ctx),
      logger,
      registry,
      readiness,
    });
    return {
      done: ingestor.done,
      stop: () => ingestor.stop(),
      async start() {
        await ingestor.start();
        logger.info({ source: config.source.kind, topics: catalog.raw.name }, 'ingestor started');
      },
    };
  },
});
