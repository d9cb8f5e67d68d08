import { describe, expect, it } from 'vitest';
import { topicCatalog } from '@marketfeed/kafka';
import {
  buildIngestor,
  createNetworkSwitch,
  provisionedPrefixes,
  readTopic,
  until,
} from '../../test/kafka-test-env.js';
import { generateSimulatedFeed } from '../sources/simulator/generate.js';
import { createSimulatorSource } from '../sources/simulator/simulator-source.js';

const freshPrefix = provisionedPrefixes();

describe('Kafka unreachable during a run', () => {
  it('reports not ready, keeps the records buffered, and delivers every one once Kafka is back', async () => {
    const prefix = await freshPrefix();
    const total = 6000;
    const net = createNetworkSwitch();
    const { ingestor, readiness } = buildIngestor(
      prefix,
      (ctx) =>
        createSimulatorSource(
          {
            symbols: 10,
            seed: 5,
            pace: { kind: 'rate', perSecond: 1500 },
            startDate: '2024-03-04',
            days: 0,
            maxMessages: total,
            extendedHours: true,
          },
          ctx,
        ),
      { socketFactory: net.factory, publisher: { stallMs: 500 } },
    );
    const published = async () =>
      Number((await ingestor.metrics.published.get()).values.reduce((n, v) => n + v.value, 0));
    await ingestor.start();
    await until('first records published', async () => (await published()) > 1000);

    net.off();
    await until('readiness reports Kafka down', async () => {
      const r = await readiness.evaluate();
      return r.checks.kafka?.ok === false;
    });
    const duringOutage = await published();
    await until(
      'records pile up in the buffer',
      async () => (await ingestor.metrics.bufferDepth.get()).values[0]!.value >= 1000,
    );
    expect(await published()).toBe(duringOutage);

    net.on();
    const outcome = await ingestor.done;
    await ingestor.stop(5_000);
    expect(outcome.kind).toBe('finished');
    expect((await readiness.evaluate()).checks.kafka?.ok).toBe(true);

    const expected: string[] = [];
    for (const item of generateSimulatedFeed(5, { symbols: 10, startDate: '2024-03-04' })) {
      if (item.kind === 'event') expected.push(JSON.stringify(item.event));
      if (expected.length >= total) break;
    }
    const raw = await readTopic(topicCatalog(prefix).raw.name);
    const values = raw.map((r) => r.value);
    // Nothing lost, nothing doubled: the idempotent producer de-duplicates the retried batch.
    expect(new Set(values)).toEqual(new Set(expected));
    expect(values).toHaveLength(expected.length);
  });
});
