import { createKafka, kafkaServiceOps } from '@marketfeed/kafka';
import { runService } from '@marketfeed/service';
import { loadWebConfig } from './config.js';
import { createOpenSearchHistory } from './history.js';
import { createWeb } from './web.js';

runService({
  name: 'web',
  loadConfig: loadWebConfig,
  ops: (config) => ({
    ...kafkaServiceOps(config),
    // The ops endpoints sit next to the page: loopback locally, all interfaces in a container.
    host: config.http.host,
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
