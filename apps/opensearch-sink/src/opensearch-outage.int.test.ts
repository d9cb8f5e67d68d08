import type { Registry } from '@marketfeed/service';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { barSeries } from '../test/bars.js';
import { eventually, StackWorld } from '../test/stack-harness.js';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.js';
import { documentId } from '../src/documents.js';

let world: StackWorld;
let proxy: TcpProxy;
beforeEach(async () => {
  world = new StackWorld();
  await world.setUp();
  const target = new URL(world.osUrl);
  proxy = await startTcpProxy(target.hostname, Number(target.port));
});
afterEach(async () => {
  await proxy.close();
  await world.tearDown();
});

async function metric(registry: Registry, name: string): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  return m?.values.reduce((n, v) => n + v.value, 0) ?? NaN;
}

describe('OpenSearch going away mid-stream (connections refused and reset via a proxy)', () => {
  it('pauses with bounded memory, reports not ready, and loses nothing once it is back', async () => {
    const maxBufferedDocs = 300;
    const sut = await world.startSink({
      opensearchUrl: proxy.url,
      bulk: { maxDocs: 100, maxBufferedDocs, retryInitialMs: 100, retryMaxMs: 500 },
    });
    const before = barSeries(['AMZN', 'NVDA', 'MSFT'], 100);
    await world.produce(before);
    await world.waitForDocuments(before.length, 'first part indexed');

    // Samples what the sink holds in memory for the whole outage.
    let maxBuffered = 0;
    const sampler = setInterval(() => {
      maxBuffered = Math.max(maxBuffered, sut.sink.stats().buffered);
    }, 20);

    await proxy.cut();
    // Continues the same symbols (new minutes) and re-sends part of the first part.
    const during = [
      ...barSeries(['AMZN', 'NVDA', 'MSFT'], 1_000, '2024-08-01T00:40:00Z'),
      ...before.slice(0, 60),
    ];
    await world.produce(during);

    const notReady = await eventually('readiness 503 with the OpenSearch check down', async () => {
      const r = await sut.readiness.evaluate();
      return !r.ready && r.checks.opensearch?.ok === false ? r : undefined;
    });
    expect(notReady.checks.opensearch?.detail).toMatch(/bulk failed/);
    expect(await metric(sut.registry, 'sink_opensearch_up')).toBe(0);
    // Backpressure: the sink fills its buffer to the bound and stops taking records.
    await eventually('buffer full while retrying', () =>
      sut.sink.stats().buffered === maxBufferedDocs ? true : undefined,
    );
    expect(await metric(sut.registry, 'sink_retries_total')).toBeGreaterThan(0);
    expect(await world.fullyCommitted(sut.groupId)).toBe(false);
    expect(maxBuffered).toBeGreaterThan(0);

    await proxy.restore();
    const distinct = new Set([...before, ...during].map(documentId)).size;
    await world.waitForDocuments(distinct, 'every distinct bar indexed', 90_000);
    await world.waitForCommitted(sut.groupId);
    await eventually('ready again', async () =>
      (await sut.readiness.evaluate()).ready ? true : undefined,
    );
    clearInterval(sampler);
    expect(await world.count()).toBe(distinct);
    expect(sut.sink.stats().deadLettered).toBe(0);
    // Bounded memory: 3,060 records arrived during the outage, never more than the bound held.
    expect(maxBuffered).toBeLessThanOrEqual(maxBufferedDocs);
  });
});
