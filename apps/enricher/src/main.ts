import { createKafka } from '@marketfeed/kafka';
import {
  createLogger,
  createServiceRuntime,
  installGracefulShutdown,
  runMain,
} from '@marketfeed/service';
import { loadEnricherConfig } from './config.js';
import { createEnricher } from './enricher.js';

runMain('enricher', async () => {
  const config = loadEnricherConfig(process.env);
  const logger = createLogger({ name: 'enricher', level: config.service.logLevel });
  const runtime = createServiceRuntime({ name: 'enricher', logger, port: config.service.port });
  const kafka = createKafka(config.kafka, { clientId: 'marketfeed-enricher', logger });
  const enricher = createEnricher({
    settings: { ...config, topicPrefix: config.kafka.topicPrefix },
    kafka,
    logger,
    registry: runtime.registry,
    readiness: runtime.readiness,
  });
  void enricher.done.then(async (outcome) => {
    if (outcome.kind !== 'failed') return;
    logger.fatal({ err: outcome.error }, 'enricher cannot continue; exiting so the orchestrator restarts it');
    await enricher.stop();
    process.exit(1);
  });
  installGracefulShutdown({
    logger,
    graceMs: config.service.shutdownGraceMs,
    stop: async () => {
      runtime.readiness.beginShutdown();
      await enricher.stop();
      await runtime.close();
    },
  });
  // /healthz answers while the consumer joins and restores state; /readyz says when it is done.
  await runtime.listen();
  await enricher.start();
});
