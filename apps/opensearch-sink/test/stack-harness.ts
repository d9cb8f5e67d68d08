import { randomUUID } from 'node:crypto';
import kafkajs, { type Admin, type Kafka, type Producer } from 'kafkajs';
import { createKafka, serviceIds, topicCatalog, type KafkaSettings } from '@marketfeed/kafka';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import { createLogger, Readiness, Registry } from '@marketfeed/service';
import {
  cleanupPrefix,
  eventually as poll,
  passwordOf,
  provisionTestPrefix,
  randomPrefix,
  settingsAs,
  stackInfo,
  type StackInfo,
} from '@marketfeed/testkit';
import { Client } from '@opensearch-project/opensearch';
import { test } from 'vitest';
import type { BulkSettings } from '../src/config.js';
import { createOpenSearchClient } from '../src/opensearch-client.js';
import { createOpenSearchGateway } from '../src/opensearch-gateway.js';
import { createSink, type Sink } from '../src/sink.js';

const { logLevel } = kafkajs;

/** Polls `probe` until it returns a value (not undefined or false); fails after `timeoutMs`. */
export function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  return poll(what, probe, { timeoutMs, intervalMs });
}

/** The sink's SCRAM password on the stack, for tests that start it as a process. */
export const sinkPassword = (info: StackInfo): string => passwordOf(info, 'sink');

const SEND_CHUNK = 1_000;

/** One JSON log line of the sink (pino, level as its label). */
export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** The JSON lines in a chunk of log output; anything else (a stray print) is skipped. */
export function parseLogLines(text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as LogLine);
    } catch {
      // A line cut at a chunk boundary by the caller; callers that stream join chunks first.
    }
  }
  return out;
}

/** Lines at error or fatal level: a normal run, even a starved one, logs none. */
export const errorLines = (lines: readonly LogLine[]): LogLine[] =>
  lines.filter((l) => l.level === 'error' || l.level === 'fatal');

export interface SinkUnderTest {
  sink: Sink;
  readiness: Readiness;
  registry: Registry;
  groupId: string;
  stop(): Promise<void>;
}

/**
 * One test's world on the real local stack: a random prefix provisioned by @marketfeed/testkit
 * (catalog topics with their configs, the contract's ACLs), a random index prefix, and the sink
 * running as its least-privilege SCRAM user `sink` over SASL_SSL.
 */
export class StackWorld {
  readonly topicPrefix = randomPrefix('sink');
  readonly id = this.topicPrefix.slice(-8);
  readonly indexPrefix = `it-${this.id}`;
  readonly catalog = topicCatalog(this.topicPrefix, 3);
  readonly info: StackInfo = stackInfo();
  readonly os = new Client({ node: this.info.opensearch.url });
  private readonly adminKafka: Kafka;
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private readonly sinks: SinkUnderTest[] = [];

  constructor() {
    this.adminKafka = new kafkajs.Kafka({
      clientId: `sink-int-${this.id}`,
      brokers: [this.info.kafka.plaintext],
      logLevel: logLevel.NOTHING,
    });
  }

  get osUrl(): string {
    return this.info.opensearch.url;
  }

  /**
   * The environment of the built sink (`dist/main.js`) as a child process on this world: the
   * `sink` SCRAM user over SASL_SSL, this world's topics and indices; `overrides` win.
   */
  processEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      KAFKA_BROKERS: this.info.kafka.saslSsl,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: this.info.kafka.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_USERNAME: 'sink',
      KAFKA_PASSWORD: sinkPassword(this.info),
      FEED_TOPIC_PREFIX: this.topicPrefix,
      OPENSEARCH_URL: this.osUrl,
      OPENSEARCH_INDEX_PREFIX: this.indexPrefix,
      OPENSEARCH_REPLICAS: '0',
      ...overrides,
    };
  }

  async setUp(): Promise<void> {
    await provisionTestPrefix({ prefix: this.topicPrefix, partitions: 3, info: this.info });
    this.admin = this.adminKafka.admin();
    await this.admin.connect();
    this.producer = this.adminKafka.producer({
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
  }

  async tearDown(): Promise<void> {
    for (const s of this.sinks.splice(0)) await s.stop().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.os.indices
      .delete({ index: `${this.indexPrefix}-*`, expand_wildcards: 'all' })
      .catch(() => undefined);
    await this.os.indices
      .deleteIndexTemplate({ name: `${this.indexPrefix}-bars` })
      .catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    await cleanupPrefix(this.topicPrefix, this.info).catch(() => undefined);
    await this.os.close();
  }

  /** Produces records keyed by symbol, as the enricher does (values as given, or JSON of bars). */
  async produce(
    values: readonly (EnrichedBarV1 | string | { key: string; value: string })[],
  ): Promise<void> {
    const messages = values.map((v) =>
      typeof v === 'string'
        ? { key: 'POISON', value: v }
        : 'schema' in v
          ? { key: v.symbol, value: JSON.stringify(v) }
          : v,
    );
    // Each send stays under the broker's 1 MB max.message.bytes per partition batch (5000 bars
    // of today's schema did not: MESSAGE_TOO_LARGE in the scale-out test).
    for (let i = 0; i < messages.length; i += SEND_CHUNK)
      await this.producer!.send({
        topic: this.catalog.enriched.name,
        acks: -1,
        messages: messages.slice(i, i + SEND_CHUNK),
      });
  }

  sinkKafkaSettings(): KafkaSettings {
    return settingsAs('sink', this.topicPrefix, this.info);
  }

  async startSink(
    opts: {
      opensearchUrl?: string;
      groupSuffix?: string;
      bulk?: Partial<BulkSettings>;
      requestTimeoutMs?: number;
      /** Receives the sink's JSON log lines (info and above) instead of SINK_TEST_LOG's level. */
      logLines?: LogLine[];
    } = {},
  ): Promise<SinkUnderTest> {
    const lines = opts.logLines;
    const logger = createLogger({
      name: 'sink-under-test',
      level: lines ? 'info' : (process.env.SINK_TEST_LOG ?? 'silent'),
      ...(lines
        ? { destination: { write: (line: string) => void lines.push(...parseLogLines(line)) } }
        : {}),
    });
    const registry = new Registry();
    const readiness = new Readiness();
    const groupId = `${serviceIds(this.topicPrefix).sinkGroup}${opts.groupSuffix ?? ''}`;
    const client = createOpenSearchClient({
      url: opts.opensearchUrl ?? this.osUrl,
      auth: { kind: 'none' },
      tlsVerify: true,
      caFile: undefined,
      requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
    });
    const sink = createSink({
      kafka: createKafka(this.sinkKafkaSettings(), { clientId: `sink-int-${this.id}`, logger }),
      gateway: createOpenSearchGateway(client),
      logger,
      registry,
      readiness,
      topics: { enriched: this.catalog.enriched.name, dlq: this.catalog.dlq.name },
      config: {
        groupId,
        shutdownGraceMs: 10_000,
        commitIntervalMs: 200,
        lagIntervalMs: 0,
        bulk: {
          maxBytes: 5 * 1024 * 1024,
          maxDocs: 2000,
          maxMs: 50,
          concurrency: 2,
          maxBufferedDocs: 20_000,
          retryInitialMs: 100,
          retryMaxMs: 1_000,
          ...opts.bulk,
        },
        index: {
          prefix: this.indexPrefix,
          retentionDays: 30,
          shards: 1,
          replicas: 0,
          refreshInterval: '1s',
        },
      },
    });
    await sink.start();
    const sut: SinkUnderTest = {
      sink,
      readiness,
      registry,
      groupId,
      stop: async () => {
        await sink.stop(5_000);
        await client.close();
      },
    };
    this.sinks.push(sut);
    return sut;
  }

  async stopSink(sut: SinkUnderTest): Promise<void> {
    this.sinks.splice(this.sinks.indexOf(sut), 1);
    await sut.stop();
  }

  /** Documents visible to search under the read alias (after a refresh). */
  async count(index = `${this.indexPrefix}-bars`): Promise<number> {
    await this.os.indices.refresh({ index: `${this.indexPrefix}-bars-*`, allow_no_indices: true });
    const res = await this.os.count({ index, allow_no_indices: true, ignore_unavailable: true });
    return res.body.count;
  }

  /** True once the group's committed offsets reached the end of every partition. */
  async fullyCommitted(groupId: string): Promise<boolean> {
    const [ends, committed] = await Promise.all([
      this.admin!.fetchTopicOffsets(this.catalog.enriched.name),
      this.admin!.fetchOffsets({ groupId, topics: [this.catalog.enriched.name] }),
    ]);
    const byPartition = new Map(committed[0]?.partitions.map((p) => [p.partition, p.offset]) ?? []);
    // An empty partition has nothing to commit (its committed offset stays -1).
    return ends.every((e) => e.high === e.low || byPartition.get(e.partition) === e.high);
  }

  /** Waits until exactly `n` documents are searchable under the read alias. */
  async waitForDocuments(n: number, what: string, timeoutMs = 60_000): Promise<void> {
    await eventually(what, async () => ((await this.count()) === n ? true : undefined), timeoutMs);
  }

  /** Waits until `groupId` has committed the end of every enriched partition. */
  async waitForCommitted(
    groupId: string,
    what = 'offsets committed',
    timeoutMs = 60_000,
  ): Promise<void> {
    await eventually(
      what,
      async () => ((await this.fullyCommitted(groupId)) ? true : undefined),
      timeoutMs,
    );
  }

  /** Records on the DLQ topic (sum of end offsets; the topic is written only by the sink). */
  async dlqRecordCount(): Promise<number> {
    const ends = await this.admin!.fetchTopicOffsets(this.catalog.dlq.name);
    return ends.reduce((n, p) => n + Number(p.high), 0);
  }

  /** Reads the whole DLQ topic as the admin (from the beginning) until `count` records arrived. */
  async readDlq(count: number, timeoutMs = 30_000) {
    const consumer = this.adminKafka.consumer({
      groupId: `${this.topicPrefix}-dlq-reader-${randomUUID().slice(0, 6)}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.catalog.dlq.name, fromBeginning: true });
    const records: {
      key: string | null;
      value: Record<string, unknown>;
      headers: Record<string, string>;
    }[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        records.push({
          key: message.key?.toString() ?? null,
          value: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
          headers,
        });
      },
    });
    try {
      await eventually(
        `${count} DLQ records`,
        () => (records.length >= count ? true : undefined),
        timeoutMs,
      );
      return records;
    } finally {
      await consumer.disconnect();
    }
  }
}

/**
 * `it` with a `world` fixture: each test that names `{ world }` gets a fresh StackWorld, set up
 * before it and torn down after it (as a beforeEach/afterEach pair would).
 */
export const itOnStack = test.extend<{ world: StackWorld }>({
  // eslint-disable-next-line no-empty-pattern
  world: async ({}, use) => {
    const world = new StackWorld();
    try {
      await world.setUp();
      await use(world);
    } finally {
      await world.tearDown();
    }
  },
});
