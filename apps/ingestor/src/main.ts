import { createKafka, ensureTopics, topicCatalog } from '@marketfeed/kafka';
import {
  createLogger,
  createServiceRuntime,
  installGracefulShutdown,
  runMain,
} from '@marketfeed/service';
import { loadIngestorConfig } from './config.js';
import { createIngestor } from './ingestor.js';
import { createIngestorProducer } from './kafka-producer.js';
import { createSource } from './sources/create-source.js';

/** Exit code when the run cannot continue (bad credentials, missing ACLs, unreadable input). */
const EXIT_FATAL = 1;

async function main(): Promise<void> {
  const config = loadIngestorConfig(process.env);
  const logger = createLogger({ name: 'ingestor', level: config.logLevel });
  const runtime = createServiceRuntime({ name: 'ingestor', logger, port: config.port });
  const kafka = createKafka(config.kafka, { clientId: 'marketfeed-ingestor', logger });
  const catalog = topicCatalog(config.kafka.topicPrefix, config.publisher.topicPartitions);

  if (config.publisher.createTopics) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(admin, [
        catalog.raw,
        catalog.corporateActions,
        catalog.dlq,
      ]);
      if (created.length > 0) logger.info({ created }, 'created topics');
    } finally {
      await admin.disconnect();
    }
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

  const address = await runtime.listen();
  logger.info(
    { address, source: config.source.kind, topics: catalog.raw.name },
    'ingestor started',
  );
  ingestor.start();

  const outcome = await ingestor.outcome;
  if (signalled) return;
  runtime.readiness.beginShutdown();
  if (outcome.kind === 'finished') {
    logger.info({ summary: outcome.summary }, 'source finished; all records acknowledged');
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
