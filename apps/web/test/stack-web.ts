import { randomUUID } from 'node:crypto';
import kafkajs, { type Producer } from 'kafkajs';
import { topicCatalog } from '@marketfeed/kafka';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import { createLogger, createMetricsRegistry, Readiness } from '@marketfeed/service';
import {
  deletePrefixTopics,
  plaintextConfig,
  provisionPrefix,
  readStackInfo,
  type StackInfo,
} from '@marketfeed/stack';
import { createKafka } from '@marketfeed/kafka';
import { createOpenSearchHistory, symbolAlias } from '../src/history.js';
import { createWeb, type Web } from '../src/web.js';

/**
 * One test's own world on the running local stack: a random topic prefix provisioned with the
 * catalog and the service ACLs, a random OpenSearch index prefix, and a web app reading them as
 * the `web` user over SASL_SSL.
 */
export interface WebStack {
  info: StackInfo;
  prefix: string;
  indexPrefix: string;
  web: Web;
  /** Writes bars as the enricher would: to `latest` and/or `enriched`, keyed by symbol. */
  publish(topic: 'latest' | 'enriched', bars: EnrichedBarV1[]): Promise<void>;
  /** Indexes bars into a monthly index behind the per-symbol alias, as the sink does. */
  index(bars: EnrichedBarV1[]): Promise<void>;
  startWeb(): Promise<void>;
  cleanup(): Promise<void>;
}

async function os(info: StackInfo, method: string, path: string, body?: unknown, ndjson = false) {
  const res = await fetch(`${info.opensearch.url}${path}`, {
    method,
    headers: { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
    body: body === undefined ? undefined : ndjson ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`OpenSearch ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function createWebStack(): Promise<WebStack> {
  const info = readStackInfo();
  const id = randomUUID().slice(0, 8);
  const prefix = `t-${id}`;
  const indexPrefix = `t-web-${id}`;
  await provisionPrefix(info, prefix, 2);
  const catalog = topicCatalog(prefix, 2);
  const producer: Producer = new kafkajs.Kafka(plaintextConfig(info, 'web-test')).producer();
  await producer.connect();

  // Least privilege is the point: the web user with its ACLs on this prefix. A stack started
  // before the web user existed lacks it; that is the operator's to fix, not the test's.
  const password = info.kafka.users.web?.password;
  if (!password)
    throw new Error(
      'the local stack has no "web" SCRAM user; recreate it: npm run stack:down -- --wipe && npm run stack:up',
    );
  const logger = createLogger({ name: 'web-test', level: 'warn' });
  const web = createWeb({
    config: {
      kafka: {
        brokers: [info.kafka.saslSsl],
        ssl: true,
        caFile: info.kafka.caFile,
        sasl: { mechanism: 'scram-sha-512', username: 'web', password },
        topicPrefix: prefix,
      },
      groupId: `${prefix}-web`,
      http: { host: '127.0.0.1', port: 0 },
      live: { flushIntervalMs: 100, maxClients: 50, maxFocusBars: 1000, maxSymbols: 1000 },
    },
    kafka: createKafka(
      {
        brokers: [info.kafka.saslSsl],
        ssl: true,
        caFile: info.kafka.caFile,
        sasl: { mechanism: 'scram-sha-512', username: 'web', password },
        topicPrefix: prefix,
      },
      { clientId: 'web-test', logger },
    ),
    history: createOpenSearchHistory({
      url: info.opensearch.url,
      auth: undefined,
      indexPrefix,
      maxBars: 5000,
      requestTimeoutMs: 10_000,
    }),
    logger,
    registry: createMetricsRegistry('web-test', false),
    readiness: new Readiness(),
  });

  return {
    info,
    prefix,
    indexPrefix,
    web,
    async publish(topic, bars) {
      await producer.send({
        topic: catalog[topic].name,
        messages: bars.map((b) => ({ key: b.symbol, value: JSON.stringify(b) })),
      });
    },
    async index(bars) {
      const symbols = [...new Set(bars.map((b) => b.symbol))];
      const indexName = `${indexPrefix}-bars-${bars[0]!.timestamp.slice(0, 4)}.${bars[0]!.timestamp.slice(5, 7)}`;
      await os(info, 'PUT', `/${indexName}`, {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: { properties: { symbol: { type: 'keyword' }, timestamp: { type: 'date' } } },
      });
      const lines = bars.flatMap((b) => [
        JSON.stringify({ index: { _index: indexName, _id: `${b.symbol}:${b.timestamp}` } }),
        JSON.stringify(b),
      ]);
      await os(info, 'POST', '/_bulk?refresh=true', lines.join('\n') + '\n', true);
      await os(info, 'POST', '/_aliases', {
        actions: symbols.map((s) => ({
          add: { index: indexName, alias: symbolAlias(indexPrefix, s), filter: { term: { symbol: s } } },
        })),
      });
    },
    startWeb: () => web.start(),
    async cleanup() {
      await web.stop();
      await producer.disconnect();
      await fetch(`${info.opensearch.url}/${indexPrefix}-*`, { method: 'DELETE' }).catch(() => undefined);
      await deletePrefixTopics(info, prefix);
    },
  };
}

/** Bounded polling: resolves with the first truthy value of `probe`, or fails naming `what`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false && v !== null) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
