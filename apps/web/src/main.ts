import { createKafka } from '@marketfeed/kafka';
import { runService } from '@marketfeed/service';
import { loadWebConfig } from './config.js';
import { createOpenSearchHistory } from './history.js';
import { createWeb } from './web.js';

runService({
  name: 'web',
  loadConfig: loadWebConfig,
  ops: (config) => ({
    port: config.port,
    // The ops endpoints sit next to the page: loopback locally, all interfaces in a container.
    host: config.http.host,
    logLevel: config.logLevel,
    shutdownGraceMs: config.shutdownGraceMs,
    kafkaUsername: config.kafka.sasl?.username,
  }),
  create: ({ config, logger, registry, readiness }) =>
    createWeb({
      config,
      kafka: createKafka(config.kafka, { clientId: 'marketfeed-web', logger }),
      history: createOpenSearchHistory(config.history),
      logger,
      registry,
      readiness,
    }),
});
