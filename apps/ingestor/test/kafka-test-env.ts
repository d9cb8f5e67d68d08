/**
 * Integration-test plumbing against the REAL local stack (`npm run stack:up`): a random topic
 * prefix per test with the service ACLs, the ingestor running as its least-privilege SCRAM user
 * over SASL_SSL, and a reader that collects what reached the broker.
 */
import net from 'node:net';
import tls from 'node:tls';
import { afterAll } from 'vitest';
import { Kafka, type ISocketFactory, type KafkaConfig } from 'kafkajs';
import { kafkaClientConfig, topicCatalog, type KafkaSettings } from '@marketfeed/kafka';
import { createLogger, createMetricsRegistry, Readiness, type Logger } from '@marketfeed/service';
import {
  cleanupPrefix,
  eventually,
  provisionTestPrefix,
  randomPrefix as kitPrefix,
  settingsAs,
} from '@marketfeed/testkit';
import { createIngestor, type Ingestor, type IngestorDeps } from '../src/ingestor.js';
import { createIngestorProducer, createIngestorProducers } from '../src/kafka-producer.js';

export { readTopic, topicCount, waitForCount, type ConsumedRecord } from '@marketfeed/testkit';

export const randomPrefix = (): string => kitPrefix('ing');

/** Creates the prefix's catalog topics with their configs and the contract's ACLs. */
export async function provision(prefix: string, partitions = 6): Promise<void> {
  await provisionTestPrefix({ prefix, partitions });
}

export async function cleanup(prefix: string): Promise<void> {
  await cleanupPrefix(prefix).catch(() => {});
}

/**
 * Call once per test file: returns `fresh()`, which provisions a new random prefix, and registers
 * the afterAll that deletes every prefix it handed out.
 */
export function provisionedPrefixes(): () => Promise<string> {
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const p of prefixes) await cleanup(p);
  });
  return async () => {
    const prefix = randomPrefix();
    prefixes.push(prefix);
    await provision(prefix);
    return prefix;
  };
}

/** The ingestor's Kafka settings as a deployment would set them: SASL_SSL, SCRAM user `ingestor`. */
export function ingestorSettings(prefix: string): KafkaSettings {
  return settingsAs('ingestor', prefix);
}

/**
 * A connection switch between the client and the broker: while off, every socket is cut and
 * new ones are refused, which is what a stopped broker looks like from the client. The shared
 * stack's broker must never be stopped by a test, so this is how outages are made.
 */
export function createNetworkSwitch() {
  let on = true;
  const sockets = new Set<net.Socket>();
  const factory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const target = on ? { host, port } : { host: '127.0.0.1', port: 1 };
    const socket = ssl
      ? tls.connect(
          {
            ...target,
            ...(net.isIP(host) ? {} : { servername: host }),
            ...(ssl as tls.ConnectionOptions),
          },
          onConnect,
        )
      : net.connect(target, onConnect);
    socket.setKeepAlive(true, 60_000);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  return {
    factory,
    off() {
      on = false;
      for (const s of sockets) s.destroy(new Error('network switched off by the test'));
    },
    on() {
      on = true;
    },
  };
}

export type TestIngestor = {
  ingestor: Ingestor;
  readiness: Readiness;
  registry: ReturnType<typeof createMetricsRegistry>;
  logger: Logger;
};

export function buildIngestor(
  prefix: string,
  createSource: IngestorDeps['createSource'],
  opts: {
    socketFactory?: ISocketFactory;
    publisher?: Partial<IngestorDeps['config']['publisher']>;
    logLevel?: string;
    /** Overrides the `ingestor` SCRAM settings (e.g. a wrong password). */
    kafka?: KafkaSettings;
    /** Overrides topic names (e.g. one the ingestor has no ACL for). */
    topics?: Partial<IngestorDeps['topics']>;
    /** Idempotent producers, one per lane (INGEST_PRODUCERS); default one. */
    producers?: number;
  } = {},
): TestIngestor {
  const logger = createLogger({
    name: 'ingestor-test',
    level: opts.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent',
    pretty: false,
  });
  const config: KafkaConfig = {
    ...kafkaClientConfig(opts.kafka ?? ingestorSettings(prefix), {
      clientId: 'ingestor-test',
      logger,
    }),
    ...(opts.socketFactory ? { socketFactory: opts.socketFactory } : {}),
  };
  const kafka = new Kafka(config);
  const registry = createMetricsRegistry('ingestor', false);
  const readiness = new Readiness();
  const catalog = topicCatalog(prefix);
  const ingestor = createIngestor({
    logger,
    registry,
    readiness,
    producer: opts.producers
      ? createIngestorProducers(kafka, opts.producers)
      : createIngestorProducer(kafka),
    topics: {
      raw: catalog.raw.name,
      corporateActions: catalog.corporateActions.name,
      dlq: catalog.dlq.name,
      ...opts.topics,
    },
    createSource,
    config: {
      publisher: {
        batchMax: 1000,
        lingerMs: 5,
        bufferMax: 50_000,
        stallMs: 2_000,
        compression: 'none',
        ...opts.publisher,
      },
      shutdownGraceMs: 10_000,
    },
  });
  return { ingestor, readiness, registry, logger };
}

/** Polls `check` until it returns true (bounded). */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  await eventually(what, check, { timeoutMs, intervalMs: 50 });
}
