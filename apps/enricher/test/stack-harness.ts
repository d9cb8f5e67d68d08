import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Admin, Kafka, Producer } from 'kafkajs';
import kafkajs from 'kafkajs';
import {
  consumerGroupLag,
  createKafka,
  serviceIds,
  topicCatalog,
  type KafkaSettings,
  type TopicCatalog,
} from '@marketfeed/kafka';
import { corporateActionKey, type CorporateAction, type EnrichedBarV1 } from '@marketfeed/schema';
import { createLogger, createMetricsRegistry, Readiness, type Logger } from '@marketfeed/service';
import {
  adminKafka,
  provisionTestPrefix,
  randomPrefix,
  settingsAs,
  stackInfo,
  type StackInfo,
  type TestPrefix,
} from '@marketfeed/testkit';
import { DEFAULT_ENRICH_CONFIG } from '@marketfeed/indicators';
import { createEnricher, type Enricher, type EnricherSettings } from '../src/enricher.js';
import { CorporateActionsTable } from '../src/corporate-actions-table.js';
import { enrichRecords } from '../src/enrich-records.js';
import type { RawFeedRecord } from './raw-feed-generator.js';
import { identityOf, readCommitted, type CommittedRecord } from './verifier.js';

const { Partitioners } = kafkajs;

export const MAIN_JS = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/**
 * One integration test's world on the real local stack: its own random topic prefix with the
 * service ACLs granted, an admin client (PLAINTEXT, super user) for setup and verification, and
 * the enricher run as the least-privilege `enricher` SCRAM user over SASL_SSL.
 */
export class StackHarness {
  readonly info: StackInfo = stackInfo();
  readonly prefix = randomPrefix('enr');
  readonly topics: TopicCatalog;
  readonly groupId = serviceIds(this.prefix).enricherGroup;
  readonly logger: Logger = createLogger({
    name: 'enricher-int',
    level: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  readonly adminKafka: Kafka;
  admin!: Admin;
  private readonly children = new Set<ChildProcess>();
  private readonly enrichers = new Set<Enricher>();

  private provisioned: TestPrefix | undefined;

  constructor(readonly partitions = 6) {
    this.topics = topicCatalog(this.prefix, partitions);
    this.adminKafka = adminKafka('enricher-int-admin', this.info);
  }

  enricherSettings(): KafkaSettings {
    return settingsAs('enricher', this.prefix, this.info);
  }

  /** This prefix's catalog topics (with the catalog's configs) and the contract's ACLs, via the test kit. */
  async setUp(): Promise<void> {
    this.provisioned = await provisionTestPrefix({
      prefix: this.prefix,
      partitions: this.partitions,
      info: this.info,
    });
    this.admin = this.adminKafka.admin();
    await this.admin.connect();
  }

  async tearDown(): Promise<void> {
    for (const c of this.children) c.kill('SIGKILL');
    await Promise.all([...this.enrichers].map((e) => e.stop().catch(() => undefined)));
    await this.rawProducer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    await this.provisioned?.cleanup().catch(() => undefined);
  }

  private rawProducer: Producer | undefined;

  async produceRaw(records: readonly RawFeedRecord[], chunk = 2000): Promise<void> {
    if (!this.rawProducer) {
      this.rawProducer = this.adminKafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await this.rawProducer.connect();
    }
    for (let i = 0; i < records.length; i += chunk) {
      await this.rawProducer.send({
        topic: this.topics.raw.name,
        acks: -1,
        messages: records.slice(i, i + chunk).map((r) => ({ key: r.key, value: r.value })),
      });
    }
  }

  async publishActions(actions: readonly CorporateAction[]): Promise<void> {
    if (actions.length === 0) return;
    const producer = this.adminKafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({
        topic: this.topics.corporateActions.name,
        acks: -1,
        messages: actions.map((a) => ({ key: corporateActionKey(a), value: JSON.stringify(a) })),
      });
    } finally {
      await producer.disconnect();
    }
  }

  settings(overrides: Partial<EnricherSettings> = {}): EnricherSettings {
    return {
      groupId: this.groupId,
      transactionalIdPrefix: this.groupId,
      enrich: { ...DEFAULT_ENRICH_CONFIG },
      transactionMaxMs: 100,
      transactionMaxRecords: 500,
      transactionTimeoutMs: 60_000,
      delivery: 'exactly-once',
      topicPrefix: this.prefix,
      sessionTimeoutMs: 6_000,
      ...overrides,
    };
  }

  /** An enricher in this process, as the `enricher` user. */
  async startEnricher(
    overrides: Partial<EnricherSettings> = {},
  ): Promise<{ enricher: Enricher; readiness: Readiness }> {
    const readiness = new Readiness();
    const enricher = createEnricher({
      settings: this.settings(overrides),
      kafka: createKafka(this.enricherSettings(), {
        clientId: 'enricher-int',
        logger: this.logger,
      }),
      logger: this.logger,
      registry: createMetricsRegistry('enricher-int', false),
      readiness,
    });
    this.enrichers.add(enricher);
    await enricher.start();
    return { enricher, readiness };
  }

  async stopEnricher(enricher: Enricher): Promise<void> {
    this.enrichers.delete(enricher);
    await enricher.stop();
  }

  /** The built service as a child process (what ECS runs), as the `enricher` user. */
  spawnEnricher(
    env: Record<string, string> = {},
    args: string[] = [MAIN_JS],
    stdout: 'inherit' | 'pipe' = 'inherit',
  ): ChildProcess {
    const s = this.enricherSettings();
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: s.brokers.join(','),
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: s.caFile,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_USERNAME: 'enricher',
        KAFKA_PASSWORD: s.sasl!.password,
        FEED_TOPIC_PREFIX: this.prefix,
        ENRICHER_GROUP_ID: this.groupId,
        ENRICHER_TRANSACTIONAL_ID_PREFIX: this.groupId,
        TRANSACTION_MAX_RECORDS: '200',
        // The broker's minimum: a killed instance's partitions move on after 6s instead of 30s.
        ENRICHER_SESSION_TIMEOUT_MS: '6000',
        PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
        ...env,
      },
      stdio: ['ignore', stdout, 'inherit'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** The exit code of a child this harness spawned, once it exits. */
  exitOf(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  async killChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** A topic of this prefix as committed (read_committed), every partition to its end. */
  readCommitted(topic: string): Promise<CommittedRecord[]> {
    return readCommitted({
      kafka: this.adminKafka,
      admin: this.admin,
      topic,
      groupPrefix: this.groupId,
    });
  }

  /** Members of the enricher group now. */
  async groupMembers(): Promise<number> {
    return (await this.admin.describeGroups([this.groupId])).groups[0]?.members.length ?? 0;
  }

  /** A `waitFor` probe: true once the group has committed `pct` % of `total` raw records. */
  committedAtLeast(pct: bigint, total: bigint): () => Promise<true | undefined> {
    return async () => ((await this.committedTotal()) * 100n >= total * pct ? true : undefined);
  }

  /**
   * Waits until the group has committed `fraction` of `total` raw records while `child` runs and
   * returns that count; a child that exits on its own fails the wait at once.
   */
  waitForCommittedFraction(
    child: ChildProcess,
    total: bigint,
    fraction: number,
    timeoutMs: number,
  ): Promise<bigint> {
    return this.waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`enricher exited on its own with code ${child.exitCode}`);
        const c = await this.committedTotal();
        return c * 100n >= total * BigInt(Math.round(fraction * 100)) ? c : undefined;
      },
      timeoutMs,
      `${fraction * 100}% of the raw feed committed`,
    );
  }

  /** Raw records the group has committed, across partitions. */
  async committedTotal(): Promise<bigint> {
    const lag = await consumerGroupLag(this.admin, this.groupId, this.topics.raw.name);
    return lag.reduce((sum, p) => sum + (p.committed > 0n ? p.committed : 0n), 0n);
  }

  /** Bounded polling until the group has committed every raw record. */
  async waitForCaughtUp(timeoutMs: number): Promise<void> {
    await this.waitFor(
      async () => {
        const lag = await consumerGroupLag(this.admin, this.groupId, this.topics.raw.name);
        return lag.every((p) => p.lag === 0n && (p.committed >= 0n || p.end === 0n))
          ? true
          : undefined;
      },
      timeoutMs,
      'the enricher to commit every raw record',
    );
  }

  /**
   * Bounded polling where a throwing probe ends the wait at once (a child that exited on its own
   * fails the test now); the test kit's `eventually` retries a throwing probe instead.
   */
  async waitFor<T>(
    probe: () => Promise<T | undefined>,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * What an uninterrupted run must produce: the raw topic as committed (partition/offset order), fed
 * through the same pure core in one pass per partition with fresh state.
 */
export async function uninterruptedBaseline(
  h: StackHarness,
  actions: readonly CorporateAction[],
): Promise<Map<string, string>> {
  const raw = await h.readCommitted(h.topics.raw.name);
  const table = new CorporateActionsTable();
  for (const a of actions) table.apply(corporateActionKey(a), JSON.stringify(a));
  const baseline = new Map<string, string>();
  for (let p = 0; p < h.partitions; p++) {
    const out = enrichRecords(
      {
        topic: h.topics.raw.name,
        partition: p,
        states: new Map(),
        actions: table,
        config: DEFAULT_ENRICH_CONFIG,
        now: () => '',
      },
      raw
        .filter((r) => r.partition === p)
        .map((r) => ({
          offset: r.offset,
          key: r.key === null ? null : Buffer.from(r.key),
          value: r.value === null ? null : Buffer.from(r.value),
          timestamp: r.timestamp,
        })),
    );
    for (const e of out.enriched)
      baseline.set(identityOf(JSON.parse(e.value) as EnrichedBarV1), e.value);
  }
  return baseline;
}

/** Produces records in small timed slices, so an enricher is still mid-stream while a test acts on it. */
export function produceSlowly(
  h: StackHarness,
  records: readonly RawFeedRecord[],
  slice: number,
  everyMs: number,
): Promise<void> {
  return (async () => {
    for (let i = 0; i < records.length; i += slice) {
      await h.produceRaw(records.slice(i, i + slice));
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
}
