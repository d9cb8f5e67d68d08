import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import kafkajs, { type Admin, type Kafka, type KafkaConfig } from 'kafkajs';
import { catalogTopics, topicCatalog } from '@marketfeed/kafka';
import { eventually as poll, randomPrefix as kitPrefix } from '@marketfeed/testkit';
import { resolveTarget, type Target } from '../src/connection.js';
import { CustomerNotFoundError, removeCustomer, type CustomerDeps } from '../src/customers.js';
import { applyTopicPlan, planCatalog } from '../src/topics-apply.js';

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

/** Waits until a new SCRAM credential is accepted (the broker learns it from the metadata log). */
export async function waitForLogin(
  target: Target,
  username: string,
  password: string,
): Promise<void> {
  await eventually(async () => {
    const probe = new kafkajs.Kafka(customerKafkaConfig(target, username, password)).admin();
    try {
      await probe.connect();
      return true;
    } catch {
      return false;
    } finally {
      await probe.disconnect();
    }
  }, `a SASL login as ${username}`);
}
