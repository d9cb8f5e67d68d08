import { createKafka, kafkaServiceOps } from '@marketfeed/kafka';
import { runService } from '@marketfeed/service';
import { loadEnricherConfig } from './config.js';
import { createEnricher } from './enricher.js';
import { asOperatorError } from './incompatible-state.js';

runService({
  name: 'enricher',
  loadConfig: loadEnricherConfig,
  ops: (config) => kafkaServiceOps({ ...config.service, kafka: config.kafka }),
  create: ({ config, logger, registry, readiness }) => {
    const enricher = createEnricher({
      settings: { ...config, topicPrefix: config.kafka.topicPrefix },
      kafka: createKafka(config.kafka, { clientId: 'marketfeed-enricher', logger, registry }),
      logger,
      registry,
      readiness,
    });
    return {
      start: () => enricher.start(),
      stop: () => enricher.stop(),
      done: enricher.done.then((outcome) =>
        outcome.kind === 'failed'
          ? { kind: 'failed', error: asOperatorError(outcome.error) }
          : outcome,
      ),
    };
  },
});
