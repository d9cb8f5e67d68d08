import {
  createKafka,
  ensureTopics,
  isKafkaAuthError,
  isRetriableKafkaError,
  topicCatalog,
} from '@marketfeed/kafka';
import {
  createLogger,
  createServiceRuntime,
  installGracefulShutdown,
  runMain,
  StateCheck,
} from '@marketfeed/service';
import { loadIngestorConfig } from './config.js';
import { createIngestor } from './ingestor.js';
import { createIngestorProducer } from './kafka-producer.js';
import { verifyTopicsExist } from './verify-topics.js';
import { createSource } from './sources/create-source.js';

/** Exit code when the run cannot continue (bad credentials, missing ACLs, unreadable input). */
const EXIT_FATAL = 1;
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

async function main(): Promise<void> {
  const config = loadIngestorConfig(process.env);
  const logger = createLogger({ name: 'ingestor', level: config.logLevel });
  const runtime = createServiceRuntime({ name: 'ingestor', logger, port: config.port });
  const kafka = createKafka(config.kafka, { clientId: 'marketfeed-ingestor', logger });
  const catalog = topicCatalog(config.kafka.topicPrefix, config.publisher.topicPartitions);

  // Serve /healthz and a not-ready /readyz from the first second, whatever Kafka is doing.
  const boot = new StateCheck('checking topics');
  runtime.readiness.register('boot', boot.check);
  const address = await runtime.listen();

  const written = [catalog.raw, catalog.corporateActions, catalog.dlq];
  const admin = kafka.admin();
  const checkTopics = async () => {
    await admin.connect();
    if (config.publisher.createTopics) {
      const created = await ensureTopics(admin, written);
      if (created.length > 0) logger.info({ created }, 'created topics');
    }
    await verifyTopicsExist(
      admin,
      written.map((t) => t.name),
    );
  };
  try {
    await withTimeout(checkTopics(), BOOT_CHECK_MS);
  } catch (err) {
    // Kafka down at boot is an outage like any other: start not ready and let the publisher retry.
    if (
      !(err instanceof BootCheckTimeout) &&
      (!isRetriableKafkaError(err) || isKafkaAuthError(err))
    )
      throw err;
    logger.warn({ err }, 'Kafka unreachable at boot; topics not verified');
  } finally {
    void admin.disconnect().catch(() => {});
  }

  const producer = createIngestorProducer(kafka);
  const ingestor = createIngestor({
    logger,
    registry: runtime.registry,
    readiness: runtime.readiness,
    producer,
    topics: {
      raw: catalog.raw.name,
      corporateActions: catalog.corporateActions.name,
      dlq: catalog.dlq.name,
    },
    publisher: config.publisher,
    createSource: (ctx) => createSource(config.source, ctx),
  });

  let signalled = false;
  installGracefulShutdown({
    logger,
    graceMs: config.shutdownGraceMs,
    stop: async () => {
      signalled = true;
      runtime.readiness.beginShutdown();
      // Keep a little of the grace period for closing the HTTP server.
      await ingestor.stop(Math.max(0, config.shutdownGraceMs - 500));
      await runtime.close();
    },
  });

  logger.info(
    { address, source: config.source.kind, topics: catalog.raw.name },
    'ingestor started',
  );
  ingestor.start();
  boot.up('started');

  const outcome = await ingestor.outcome;
  if (signalled) return;
  runtime.readiness.beginShutdown();
  if (outcome.kind === 'finished') {
    const byType = outcome.summary.byType as Record<string, number> | undefined;
    const invalid = byType?.invalid ?? 0;
    logger.info(
      { summary: outcome.summary, dlqTopic: catalog.dlq.name },
      invalid > 0
        ? `source finished; all records acknowledged; ${invalid} invalid lines went to ${catalog.dlq.name} with their reasons`
        : 'source finished; all records acknowledged',
    );
    await ingestor.stop(config.shutdownGraceMs);
    await runtime.close();
    process.exit(0);
  }
  logger.fatal({ err: outcome.error }, `ingestor cannot continue: ${outcome.error.message}`);
  await ingestor.stop(Math.min(config.shutdownGraceMs, 5_000));
  await runtime.close();
  process.exit(EXIT_FATAL);
}

runMain('ingestor', main);
