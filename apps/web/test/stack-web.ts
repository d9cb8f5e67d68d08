import { randomBytes } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { createKafka } from '@marketfeed/kafka';
import { symbolAlias, type EnrichedBarV1 } from '@marketfeed/schema';
import { createLogger, createMetricsRegistry, Readiness } from '@marketfeed/service';
import { adminKafka, provisionTestPrefix, settingsAs, type StackInfo } from '@marketfeed/testkit';
import { createOpenSearchHistory } from '../src/history.js';
import { createWeb, type Web } from '../src/web.js';

export { eventually } from '@marketfeed/testkit';

/**
 * One test's own world on the running local stack: a random topic prefix provisioned through
 * the contract (testkit), a random OpenSearch index prefix, and a web app reading them as the
 * `web` user over SASL_SSL.
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
  const provisioned = await provisionTestPrefix({ label: 'web', partitions: 2 });
  const { info, prefix, catalog } = provisioned;
  const indexPrefix = `t-web-${randomBytes(4).toString('hex')}`;
  const producer: Producer = adminKafka('web-test', info).producer();
  await producer.connect();

  // Least privilege is the point: the web user, with the contract's ACLs on this prefix.
  const settings = settingsAs('web', prefix, info);
  const logger = createLogger({ name: 'web-test', level: 'warn' });
  const web = createWeb({
    config: {
      kafka: settings,
      groupId: provisioned.ids.webGroup,
      http: { host: '127.0.0.1', port: 0 },
      live: { flushIntervalMs: 100, maxClients: 50, maxFocusBars: 1000, maxSymbols: 1000 },
    },
    kafka: createKafka(settings, { clientId: 'web-test', logger }),
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
          add: {
            index: indexName,
            alias: symbolAlias(indexPrefix, s),
            filter: { term: { symbol: s } },
          },
        })),
      });
    },
    startWeb: () => web.start(),
    async cleanup() {
      await web.stop();
      await producer.disconnect();
      await fetch(`${info.opensearch.url}/${indexPrefix}-*`, { method: 'DELETE' }).catch(
        () => undefined,
      );
      await provisioned.cleanup();
    },
  };
}
