import { setTimeout as delay } from 'node:timers/promises';
import { createKafka, kafkaServiceOps } from '@marketfeed/kafka';
import { topicCatalog } from '@marketfeed/kafka/contract';
import { runService } from '@marketfeed/service';
import { loadSinkConfig } from './config.js';
import { createOpenSearchClient } from './opensearch-client.js';
import { createOpenSearchGateway, OpenSearchRequestError } from './opensearch-gateway.js';
import { openSearchRefusal } from './opensearch-refusal.js';
import { createSink } from './sink.js';

/** Within the 1 s the sink's stop leaves of the grace period (STOP_MARGIN_MS in sink.ts). */
const CLIENT_CLOSE_WAIT_MS = 500;

runService({
  name: 'opensearch-sink',
  loadConfig: loadSinkConfig,
  ops: kafkaServiceOps,
  create: ({ config, logger, registry, readiness }) => {
    const catalog = topicCatalog(config.kafka.topicPrefix);
    const client = createOpenSearchClient(config.opensearch);
    logger.info(
      { opensearch: config.opensearch.url, auth: config.opensearch.auth.kind },
      'connecting to OpenSearch',
    );
    const sink = createSink({
      config,
      topics: { enriched: catalog.enriched.name, dlq: catalog.dlq.name },
      kafka: createKafka(config.kafka, { clientId: 'marketfeed-opensearch-sink', logger }),
      gateway: createOpenSearchGateway(client),
      logger,
      registry,
      readiness,
    });
    return {
      // The sink fails fast on OpenSearch's 401/403 at start-up; here it becomes the operator's
      // one line (runService prints it, no stack, exit 78).
      start: () =>
        sink.start().catch((err: unknown) => {
          throw (
            (err instanceof OpenSearchRequestError &&
              openSearchRefusal(err, config.opensearch, config.index.prefix)) ||
            err
          );
        }),
      done: sink.done,
      stop: async () => {
        await sink.stop();
        // close() waits, polling each second, for requests still open; the sink aborts its
        // bulks, but an index-design call to a starved cluster could hold it past the grace.
        await Promise.race([client.close(), delay(CLIENT_CLOSE_WAIT_MS)]);
      },
    };
  },
});
