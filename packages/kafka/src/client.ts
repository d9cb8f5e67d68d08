import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import type { Logger } from '@marketfeed/service';
import type { KafkaSettings } from './config.js';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs' own logs into the service's pino logger (structured, redacted). */
export function pinoLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafkajs' });
  return () => (entry) => {
    const level = LEVELS[entry.level] ?? 'info';
    const { message, ...extra } = entry.log;
    log[level]({ ...extra, kafkaNamespace: entry.namespace }, message);
  };
}

export interface CreateKafkaOptions {
  clientId: string;
  logger: Logger;
  /** Default 30s: MSK broker connections over PrivateLink can take a while on first TLS handshake. */
  connectionTimeout?: number;
  requestTimeout?: number;
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
    logCreator: pinoLogCreator(opts.logger),
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 30_000 },
  };
}

export function createKafka(settings: KafkaSettings, opts: CreateKafkaOptions): Kafka {
  return new Kafka(kafkaClientConfig(settings, opts));
}
