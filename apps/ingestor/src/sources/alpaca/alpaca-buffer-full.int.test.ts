import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, createMetricsRegistry, StateCheck } from '@marketfeed/service';
import { createIngestorMetrics } from '../../metrics.js';
import type { OutboundRecord } from '../../pipeline/outbound-record.js';
import { fakeAlpacaConfig, FakeAlpaca, wireBar } from '../../../test/fake-alpaca.js';
import { until } from '../../../test/kafka-test-env.js';
import type { IngestSink } from '../source.js';
import { createAlpacaSource } from './alpaca-source.js';

let fake: FakeAlpaca | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

// Minutes before the one the file started in, fixed once: the test compares bars it built with
// bars it expects later, and must not see a minute boundary in between.
const startMinute = Math.floor(Date.now() / 60_000);
const minute = (k: number) =>
  new Date((startMinute - k) * 60_000).toISOString().replace('.000Z', 'Z');

describe('Alpaca source with a full buffer', () => {
  it('recovers the minute bars it had to drop by backfilling them once there is room', async () => {
    const f = (fake = await FakeAlpaca.start());
    // A sink standing in for the buffer in front of Kafka, full on demand (the Kafka side has its own tests).
    const accepted: OutboundRecord[] = [];
    let full = false;
    const sink: IngestSink = {
      get full() {
        return full;
      },
      writable: async () => {},
      offer: (r) => (full ? false : (accepted.push(r), true)),
    };
    const registry = createMetricsRegistry('t', false);
    const source = createAlpacaSource(
      fakeAlpacaConfig(f, {
        streamUrl: f.streamUrl(),
        symbols: ['AAPL'],
        channels: ['bars'],
        silenceMs: 1_000,
      }),
      {
        logger: createLogger({ name: 't', level: 'silent' }),
        metrics: createIngestorMetrics(registry, { size: 0, capacity: 1 }),
        check: new StateCheck(),
        now: Date.now,
      },
      { expectsData: () => false },
    );
    const running = source.run(sink);
    await until('subscribed', () => f.subscribedClients === 1);
    f.history.set(
      'AAPL',
      [5, 4, 3].map((k) => wireBar('AAPL', minute(k), k)),
    );
    f.push([f.history.get('AAPL')![0]!]);
    await until('first bar accepted', () => accepted.length === 1);

    full = true;
    f.push([f.history.get('AAPL')![1]!, f.history.get('AAPL')![2]!]);
    await until('drops happened', async () =>
      (await registry.getSingleMetricAsString('ingestor_received_total')).includes('} 3'),
    );
    expect(accepted).toHaveLength(1);

    full = false;
    await until('dropped bars backfilled', () => accepted.length === 3);
    expect(accepted.map((r) => (JSON.parse(r.value) as { t: string }).t)).toEqual([
      minute(5),
      minute(4),
      minute(3),
    ]);
    expect(await registry.getSingleMetricAsString('ingestor_gaps_total')).toContain(
      'cause="buffer_full"',
    );
    await source.stop();
    await running;
  });
});
