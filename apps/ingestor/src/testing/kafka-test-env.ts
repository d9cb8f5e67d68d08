/**
 * Integration-test plumbing against the REAL local stack (`npm run stack:up`): a random topic
 * prefix per test with the service ACLs, the ingestor running as its least-privilege SCRAM user
 * over SASL_SSL, and a reader that collects what reached the broker.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { Kafka, logLevel, type ISocketFactory, type KafkaConfig } from 'kafkajs';
import {
  deletePrefixTopics,
  plaintextConfig,
  provisionPrefix,
  readStackInfo,
  userPassword,
  type StackInfo,
} from '@marketfeed/stack';
import { kafkaClientConfig, topicCatalog, type KafkaSettings } from '@marketfeed/kafka';
import { createLogger, createMetricsRegistry, Readiness, type Logger } from '@marketfeed/service';
import { createIngestor, type Ingestor, type IngestorDeps } from '../ingestor.js';
import { createIngestorProducer } from '../kafka-producer.js';

export type ConsumedRecord = {
  topic: string;
  partition: number;
  offset: string;
  /** Producer timestamp (ms). */
  timestamp: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
};

export const stack = (): StackInfo => readStackInfo();

export function randomPrefix(): string {
  return `t-ing-${randomBytes(4).toString('hex')}`;
}

/**
 * Creates the prefix's topics and the service ACLs. Write on the DLQ for `ingestor` is granted
 * here too, so the tests hold on a stack whose ACL set predates it (the current one has it).
 */
export async function provision(prefix: string, partitions = 6): Promise<void> {
  const info = stack();
  // The shared broker is busy with the whole team's tests; metadata and ACL propagation can lag.
  for (let attempt = 1; ; attempt++) {
    try {
      await provisionPrefix(info, prefix, partitions);
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
  const admin = new Kafka(plaintextConfig(info, 'ingestor-test-acl')).admin();
  await admin.connect();
  try {
    const acl = ['WRITE', 'DESCRIBE'].map((op) => ({
      resourceType: 2, // TOPIC
      resourceName: `${prefix}.dlq`,
      resourcePatternType: 3, // LITERAL
      principal: 'User:ingestor',
      host: '*',
      operation: op === 'WRITE' ? 4 : 8,
      permissionType: 3, // ALLOW
    }));
    await admin.createAcls({ acl });
    for (let i = 0; i < 150; i++) {
      const found = await admin.describeAcls({
        resourceType: 2,
        resourceName: `${prefix}.dlq`,
        resourcePatternType: 3,
        principal: 'User:ingestor',
        host: '*',
        operation: 1,
        permissionType: 1,
      });
      if (found.resources.flatMap((r) => r.acls).length >= 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

export async function cleanup(prefix: string): Promise<void> {
  const info = stack();
  await deletePrefixTopics(info, prefix).catch(() => {});
  const admin = new Kafka(plaintextConfig(info, 'ingestor-test-acl')).admin();
  await admin.connect();
  await admin
    .deleteAcls({
      filters: [
        {
          resourceType: 2,
          resourceName: `${prefix}.dlq`,
          resourcePatternType: 3,
          principal: 'User:ingestor',
          host: '*',
          operation: 1,
          permissionType: 1,
        },
      ],
    })
    .catch(() => {});
  await admin.disconnect();
}

/** The ingestor's Kafka settings as a deployment would set them: SASL_SSL, SCRAM user `ingestor`. */
export function ingestorSettings(prefix: string): KafkaSettings {
  const info = stack();
  return {
    brokers: [info.kafka.saslSsl],
    ssl: true,
    caFile: info.kafka.caFile,
    sasl: {
      mechanism: 'scram-sha-512',
      username: 'ingestor',
      password: userPassword(info, 'ingestor'),
    },
    topicPrefix: prefix,
  };
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
    producer: createIngestorProducer(kafka),
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

/** Every record of `topic` (all partitions, from the beginning up to the current end), read as the PLAINTEXT admin. */
export async function readTopic(topic: string): Promise<ConsumedRecord[]> {
  const kafka = new Kafka({
    ...plaintextConfig(stack(), 'ingestor-test-reader'),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = new Map(
    ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]),
  );
  const out: ConsumedRecord[] = [];
  if (wanted.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `ingestor-test-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          out.push({
            topic,
            partition: batch.partition,
            offset: m.offset,
            timestamp: Number(m.timestamp),
            key: m.key ? m.key.toString() : null,
            value: m.value ? m.value.toString() : '',
            headers: Object.fromEntries(
              Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)]),
            ),
          });
          if (Number(m.offset) + 1 >= (wanted.get(batch.partition) ?? 0))
            wanted.delete(batch.partition);
        }
        if (wanted.size === 0) resolve();
      },
    });
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      done,
      new Promise(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error(`timed out reading ${topic}`)), 60_000)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return out.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

/** Records currently in `topic` (sum of high - low watermarks). */
export async function topicCount(topic: string): Promise<number> {
  const admin = new Kafka({
    ...plaintextConfig(stack(), 'ingestor-test-count'),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.reduce((n, e) => n + Number(e.high) - Number(e.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Polls until `topic` holds at least `count` records (bounded), then reads them all. */
export async function waitForCount(
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<ConsumedRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await topicCount(topic);
    if (n >= count) return readTopic(topic);
    if (Date.now() > deadline)
      throw new Error(`${topic} holds ${n} records, expected ${count} within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Polls `check` until it returns true (bounded). */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
