import { createKafka, isKafkaAuthError } from '@marketfeed/kafka';
import {
  createLogger,
  createServiceRuntime,
  installGracefulShutdown,
  runMain,
} from '@marketfeed/service';
import { loadWebConfig } from './config.js';
import { createOpenSearchHistory } from './history.js';
import { createWeb } from './web.js';

async function main(): Promise<void> {
  const config = loadWebConfig(process.env);
  const logger = createLogger({ name: 'web', level: config.logLevel });
  const runtime = createServiceRuntime({
    name: 'web',
    logger,
    port: config.port,
    host: config.http.host,
  });
  const web = createWeb({
    config,
    kafka: createKafka(config.kafka, { clientId: 'marketfeed-web', logger }),
    history: createOpenSearchHistory(config.history),
    logger,
    registry: runtime.registry,
    readiness: runtime.readiness,
  });
  const stop = async () => {
    runtime.readiness.beginShutdown();
    await web.stop();
    await runtime.close();
  };
  installGracefulShutdown({ logger, graceMs: config.shutdownGraceMs, stop });

  await runtime.listen();
  await web.start();
  // tools/run reads this line for the live view.
  logger.info({ url: web.url }, `web view at ${web.url}`);

  const outcome = await web.done;
  if (outcome.kind === 'failed') {
    logger.fatal(
      {
        err: outcome.error,
        hint: isKafkaAuthError(outcome.error)
          ? 'check KAFKA_USERNAME/KAFKA_PASSWORD and the web user\'s ACLs'
          : undefined,
      },
      'web stopping after an unrecoverable error',
    );
    await stop().catch(() => undefined);
    process.exit(1);
  }
}

runMain('web', main);
