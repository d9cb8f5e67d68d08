import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { type Admin, type Kafka, type KafkaConfig } from 'kafkajs';
import { catalogTopics, topicCatalog } from '@marketfeed/kafka';
import { eventually as poll, randomPrefix as kitPrefix } from '@marketfeed/testkit';
import { resolveTarget, type Target } from '../src/connection.js';
import { CustomerNotFoundError, removeCustomer, type CustomerDeps } from '../src/customers.js';
import { applyTopicPlan, planCatalog } from '../src/topics-apply.js';
import { runFeedctl } from '../src/run.js';
import { createLogger } from '@marketfeed/service';
import { afterAll, beforeAll } from 'vitest';

/**
 * feedctl's helpers for `*.int.test.ts` against the running local stack, on top of
 * @marketfeed/testkit: targets as the CLI resolves them, customer clients and cleanup.
 */
const { logLevel } = kafkajs;

export const hex = (bytes = 4) => randomBytes(bytes).toString('hex');
export const randomPrefix = () => kitPrefix('fc');
/** Customer names must start with a letter; `it` marks them as test leftovers if cleanup fails. */
export const randomCustomer = () => `it${hex()}`;

export function stackTarget(prefix: string): Target {
  return resolveTarget(
    { stack: true, stackDir: undefined, prefix, bootstrap: undefined, cwd: process.cwd() },
    {},
  );
}

export function stackInfoOf(target: Target): { saslSsl: string; caFile: string } {
  return { saslSsl: target.customerBootstrap, caFile: target.customerCaFile as string };
}

export function plaintextKafka(target: Target, clientId = 'feedctl-int'): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: target.settings.brokers,
    logLevel: logLevel.NOTHING,
  });
}

/** A SCRAM client over the SASL_SSL listener, as a customer would connect. */
export function customerKafkaConfig(
  target: Target,
  username: string,
  password: string,
): KafkaConfig {
  return {
    clientId: username,
    brokers: [target.customerBootstrap],
    ssl: { ca: [readFileSync(target.customerCaFile as string, 'utf8')] },
    sasl: { mechanism: 'scram-sha-512', username, password },
    logLevel: logLevel.NOTHING,
    retry: { retries: 1, initialRetryTime: 100 },
  };
}

/** Creates `prefix`'s catalog topics with feedctl's own apply (small partition count for speed). */
export async function provisionTopics(admin: Admin, prefix: string, partitions = 2): Promise<void> {
  const specs = catalogTopics(topicCatalog(prefix, partitions));
  const { plan, actual } = await planCatalog(admin, specs);
  await applyTopicPlan(admin, plan, actual, 1);
}

export async function cleanup(
  deps: CustomerDeps,
  prefix: string,
  customers: readonly string[],
): Promise<void> {
  for (const name of customers) {
    try {
      await removeCustomer(deps, name);
    } catch (err) {
      if (!(err instanceof CustomerNotFoundError)) throw err;
    }
  }
  const mine = (await deps.admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
  if (mine.length > 0) await deps.admin.deleteTopics({ topics: mine });
}

/** Polls `probe` until it returns true (bounded); the broker applies ACL changes asynchronously. */
export async function eventually(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  await poll(what, probe, { timeoutMs, intervalMs: 250 });
}

/** A valid enriched bar v1 (what the enricher writes), for producing test records. */
export function enrichedBar(symbol: string, seq: number, minute = seq): Record<string, unknown> {
  const ts = new Date(Date.UTC(2026, 10, 25, 14, 30) + minute * 60_000)
    .toISOString()
    .replace('.000Z', 'Z');
  const close = 100 + seq / 10;
  return {
    schema: 'marketfeed.enriched-bar.v1',
    symbol,
    timestamp: ts,
    open: close,
    high: close + 1,
    low: close - 1,
    close,
    volume: 1000 + seq,
    vwap: close,
    tradeCount: 10,
    revision: 0,
    seq,
    sessionDate: '2026-11-25',
    session: 'regular',
    prevClose: 100,
    prevCloseDate: '2026-11-24',
    change: close - 100,
    changePct: ((close - 100) / 100) * 100,
    indicator: 'Neutral',
    smaFast: null,
    smaSlow: null,
    ema12: null,
    ema26: null,
    rsi14: null,
    vwapSession: close,
    signals: [],
    splitAdjusted: false,
  };
}

export const barMessage = (bar: Record<string, unknown>) => ({
  key: String(bar.symbol),
  value: JSON.stringify(bar),
});

/** Whether `username` can log in over SASL_SSL right now. */
export async function canLogin(
  target: Target,
  username: string,
  password: string,
): Promise<boolean> {
  const probe = new kafkajs.Kafka(customerKafkaConfig(target, username, password)).admin();
  try {
    await probe.connect();
    return true;
  } catch {
    return false;
  } finally {
    await probe.disconnect();
  }
}

/** Waits until a new SCRAM credential is accepted (the broker learns it from the metadata log). */
export async function waitForLogin(
  target: Target,
  username: string,
  password: string,
  what = `a SASL login as ${username}`,
): Promise<void> {
  await eventually(() => canLogin(target, username, password), what);
}

/**
 * One test file's corner of the local stack: a random prefix, the target the CLI resolves for
 * it, and (between `open` and `close`) a PLAINTEXT admin connection.
 */
export class CustomerWorld {
  readonly prefix = randomPrefix();
  readonly target = stackTarget(this.prefix);
  readonly #customers: string[] = [];
  readonly #dirs: string[] = [];
  #admin: Admin | undefined;

  /** A random customer name, removed (if it exists) by `close()`. */
  customer(): string {
    const name = randomCustomer();
    this.#customers.push(name);
    return name;
  }

  /** A fresh temporary directory (for properties files), deleted by `close()`. */
  tempDir(label: string): string {
    const dir = mkdtempSync(join(tmpdir(), `${label}-`));
    this.#dirs.push(dir);
    return dir;
  }

  /** Waits until `username` can log in with `password` (see `waitForLogin`). */
  waitForLogin(username: string, password: string, what?: string): Promise<void> {
    return waitForLogin(this.target, username, password, what);
  }

  get admin(): Admin {
    if (!this.#admin) throw new Error('CustomerWorld: call open() first (in beforeAll)');
    return this.#admin;
  }

  get deps(): CustomerDeps {
    return { admin: this.admin, prefix: this.prefix, scram: this.target.scram };
  }

  /** Connects the admin and, unless `topics: false`, creates the prefix's catalog topics. */
  async open({ topics = true }: { topics?: boolean } = {}): Promise<void> {
    this.#admin = plaintextKafka(this.target).admin();
    await this.#admin.connect();
    if (topics) await provisionTopics(this.#admin, this.prefix);
  }

  /** Sends `messages` to the prefix's `suffix` topic (e.g. `enriched`). */
  async produce(
    suffix: string,
    messages: { key: string; value: string; timestamp?: string }[],
  ): Promise<void> {
    const producer = plaintextKafka(this.target).producer();
    await producer.connect();
    try {
      await producer.send({ topic: `${this.prefix}.${suffix}`, messages });
    } finally {
      await producer.disconnect();
    }
  }

  /** Runs `feedctl --stack --prefix <prefix> …args` in-process; `all` is stdout and stderr as they came. */
  async feedctl(
    ...args: string[]
  ): Promise<{ code: number; out: string; err: string; all: string }> {
    let out = '';
    let err = '';
    let all = '';
    const code = await runFeedctl(['--stack', '--prefix', this.prefix, ...args], {
      env: {},
      cwd: process.cwd(),
      out: (t) => ((out += t), (all += t)),
      err: (t) => ((err += t), (all += t)),
      logger: createLogger({ name: 'feedctl', level: 'silent', destination: process.stderr }),
    });
    return { code, out, err, all };
  }

  /** Removes the world's customers, the prefix's topics and the temporary directories, then disconnects. */
  async close(): Promise<void> {
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    if (!this.#admin) return;
    await cleanup(this.deps, this.prefix, this.#customers);
    await this.#admin.disconnect();
  }
}

/**
 * A CustomerWorld for one test file: opened before its tests (see `open`) and closed after them,
 * each with a minute's bound for a loaded machine.
 */
export function useCustomerWorld(options: { topics?: boolean } = {}): CustomerWorld {
  const world = new CustomerWorld();
  beforeAll(() => world.open(options), 60_000);
  afterAll(() => world.close(), 60_000);
  return world;
}
