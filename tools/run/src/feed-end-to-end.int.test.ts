import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefixTopics, provisionPrefix, readStackInfo } from '@marketfeed/stack';
import { FeedRun } from './feed-run.js';
import { START_ORDER } from './service-specs.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const stack = readStackInfo();
const prefix = `t-e2e-${randomBytes(4).toString('hex')}`;
const say: string[] = [];
let run: FeedRun | undefined;

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(run?.totals())}\n${run?.crashReport() ?? ''}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

afterAll(async () => {
  await run?.stop();
  await deletePrefixTopics(stack, prefix).catch(() => undefined);
  await fetch(`${stack.opensearch.url}/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
}, 60_000);

describe('npm start on the simulator', () => {
  it('carries bars from the ingestor through the enricher to the customer and into OpenSearch', async () => {
    await provisionPrefix(stack, prefix);
    run = new FeedRun({
      repoRoot,
      source: 'simulator',
      // Own topics, group ids and indices: the demo's marketfeed.* topics stay untouched.
      env: {
        FEED_TOPIC_PREFIX: prefix,
        OPENSEARCH_INDEX_PREFIX: prefix,
        SIMULATOR_SYMBOLS: '8',
        SIMULATOR_RATE: '3000x',
        SIMULATOR_SEED: '7',
      },
      portBase: 10_000 + Math.floor(Math.random() * 20_000),
      say: (l) => say.push(l),
    });
    run.stack = stack;
    await run.start();
    // Downstream first, each app only once the one before it answered ready: the ingestor's
    // first record finds an enricher that has joined, fenced and restored.
    const started = START_ORDER.map((name) =>
      run!.supervisor.processes.find((p) => p.spec.name === name),
    );
    for (let i = 1; i < started.length; i++)
      expect(started[i]!.startedAt).toBeGreaterThanOrEqual(started[i - 1]!.readyAt!);

    await until(
      'enriched records at the customer and documents in OpenSearch',
      async () => {
        await run!.poll();
        const t = run!.totals();
        return t.customerReceived >= 50 && t.indexed >= 50;
      },
      180_000,
    );
    const totals = run.totals();
    expect(totals.crashed).toEqual([]);
    expect(totals.ingested).toBeGreaterThan(0);
    expect(run.watcher?.stats.invalid).toBe(0);

    // The customer saw real enriched bars for the simulated symbols.
    const latest = [...(run.watcher?.stats.latest.values() ?? [])];
    expect(latest.length).toBeGreaterThan(0);
    const bar = latest[0]!;
    expect(bar.schema).toBe('marketfeed.enriched-bar.v1');

    // Searchable by symbol through the per-symbol filtered alias.
    await fetch(`${stack.opensearch.url}/${prefix}-bars/_refresh`, { method: 'POST' });
    const alias = `${prefix}-${bar.symbol.toLowerCase()}`;
    const res = await fetch(`${stack.opensearch.url}/${alias}/_search?size=100`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      hits: { total: { value: number }; hits: { _source: { symbol: string } }[] };
    };
    expect(body.hits.total.value).toBeGreaterThan(0);
    expect(new Set(body.hits.hits.map((h) => h._source.symbol))).toEqual(new Set([bar.symbol]));
  }, 360_000);
});
