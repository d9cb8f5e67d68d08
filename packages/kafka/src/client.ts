import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import { Counter, type Logger, type Registry } from '@marketfeed/service';
import type { KafkaSettings } from './config.js';
import { cacheCoordinatorLookups } from './coordinator-cache.js';
import { kafkajsLogLevel } from './kafkajs-log-levels.js';

const RETRIED_METRIC = 'kafka_client_retried_errors_total';

/** One counter per registry, however many kafkajs clients a service creates. */
function retriedCounter(registry: Registry): Counter<'type'> {
  return (
    (registry.getSingleMetric(RETRIED_METRIC) as Counter<'type'> | undefined) ??
    new Counter({
      name: RETRIED_METRIC,
      help: 'Retriable broker errors kafkajs retried (logged at debug), by error type',
      labelNames: ['type'] as const,
      registers: [registry],
    })
  );
}

/**
 * Routes kafkajs' own logs into the service's pino logger (structured, redacted). Retriable
 * outcomes kafkajs logs as errors become debug lines and, given a registry, a counter.
 */
export function pinoLogCreator(logger: Logger, registry?: Registry): logCreator {
  const log = logger.child({ component: 'kafkajs' });
  const retried = registry ? retriedCounter(registry) : undefined;
  return () => (entry) => {
    const { level, retried: type } = kafkajsLogLevel(entry);
    if (type) retried?.inc({ type });
    const { message, ...extra } = entry.log;
    log[level]({ ...extra, kafkaNamespace: entry.namespace }, message);
  };
}

export interface CreateKafkaOptions {
  clientId: string;
  logger: Logger;
  /** Where to count the retriable errors kafkajs retried (`kafka_client_retried_errors_total`). */
  registry?: Registry;
  /** Default 30s: MSK broker connections over PrivateLink can take a while on first TLS handshake. */
  connectionTimeout?: number;
  requestTimeout?: number;
  /**
   * How long a looked-up coordinator is reused (default `COORDINATOR_CACHE_TTL_MS`, 3 s; see
   * coordinator-cache.ts). Tests lengthen it to count lookups independently of the clock.
   */
  coordinatorCacheTtlMs?: number;
}

/** Builds the kafkajs client config (exported so tests can check it without connecting). */
export function kafkaClientConfig(settings: KafkaSettings, opts: CreateKafkaOptions): KafkaConfig {
  const ssl = settings.ssl
    ? settings.caFile
      ? { ca: [readFileSync(settings.caFile, 'utf8')], rejectUnauthorized: true }
      : true
    : false;
  return {
    clientId: opts.clientId,
    brokers: settings.brokers,
    ssl,
    ...(settings.sasl ? { sasl: settings.sasl } : {}),
    connectionTimeout: opts.connectionTimeout ?? 10_000,
    requestTimeout: opts.requestTimeout ?? 30_000,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(opts.logger, opts.registry),
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 30_000 },
  };
}

/**
 * The kafkajs client every service uses. Its producers, consumers and admins cache coordinator
 * lookups (coordinator-cache.ts), which kafkajs repeats before every transactional request.
 */
export function createKafka(settings: KafkaSettings, opts: CreateKafkaOptions): Kafka {
  const kafka = new Kafka(kafkaClientConfig(settings, opts));
  cacheCoordinatorLookups(kafka, {
    logger: opts.logger.child({ component: 'kafkajs' }),
    ttlMs: opts.coordinatorCacheTtlMs,
  });
  return kafka;
}
