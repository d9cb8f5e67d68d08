import { createKafka, isKafkaAuthError, topicCatalog } from '@marketfeed/kafka';
import {
  createLogger,
  createServiceRuntime,
  installGracefulShutdown,
  runMain,
} from '@marketfeed/service';
import { loadSinkConfig } from './config.js';
import { createOpenSearchClient } from './opensearch-client.js';
import { createOpenSearchGateway } from './opensearch-gateway.js';
import { createSink } from './sink.js';

async function main(): Promise<void> {
  const config = loadSinkConfig(process.env);
  const logger = createLogger({ name: 'opensearch-sink', level: config.logLevel });
  const runtime = createServiceRuntime({ name: 'opensearch-sink', logger, port: config.port });
  const kafka = createKafka(config.kafka, { clientId: 'marketfeed-opensearch-sink', logger });
  const catalog = topicCatalog(config.kafka.topicPrefix);
  const client = createOpenSearchClient(config.opensearch);

  const sink = createSink({
    kafka,
    gateway: createOpenSearchGateway(client),
    logger,
    registry: runtime.registry,
    readiness: runtime.readiness,
    options: {
      groupId: config.groupId,
      topics: { enriched: catalog.enriched.name, dlq: catalog.dlq.name },
      commitIntervalMs: config.commitIntervalMs,
      lagIntervalMs: config.lagIntervalMs,
      bulk: config.bulk,
      index: config.index,
    },
  });

  const stop = async () => {
    runtime.readiness.beginShutdown();
    // Keep a little of the grace period for committing and closing connections.
    await sink.stop(Math.max(0, config.shutdownGraceMs - 2_000));
    await client.close();
    await runtime.close();
  };
  installGracefulShutdown({ logger, graceMs: config.shutdownGraceMs, stop });

  // Liveness first: /healthz answers while the index design waits for OpenSearch.
  const address = await runtime.listen();
  logger.info(
    { address, opensearch: config.opensearch.url, auth: config.opensearch.auth.kind },
    'ops server listening',
  );
  await sink.start();

  const err = await sink.failed;
  logger.fatal(
    { err, hint: isKafkaAuthError(err) ? 'check the sink user and its ACLs' : undefined },
    'opensearch-sink stopping after an unrecoverable error',
  );
  await stop().catch(() => undefined);
  process.exit(1);
}

runMain('opensearch-sink', main);
