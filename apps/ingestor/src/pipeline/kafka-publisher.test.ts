import { describe, expect, it } from 'vitest';
import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type ProducerBatch } from 'kafkajs';
import { createLogger, createMetricsRegistry, StateCheck } from '@marketfeed/service';
import { createIngestorMetrics } from '../metrics.js';
import { BoundedQueue } from './bounded-queue.js';
import { createKafkaPublisher, type ProducerLike } from './kafka-publisher.js';
import type { OutboundRecord } from './outbound-record.js';

// A stand-in for kafkajs' producer to pin down batching and retry rules; the real broker is
// exercised by the *.int.test.ts files.
function fakeProducer(failures: Error[] = []) {
  const batches: ProducerBatch[] = [];
  const producer: ProducerLike = {
    connect: async () => {},
    disconnect: async () => {},
    sendBatch: async (batch) => {
      const f = failures.shift();
      if (f) throw f;
      batches.push(batch);
      return [];
    },
  };
  return { producer, batches };
}

const rec = (role: OutboundRecord['role'], key: string): OutboundRecord => ({
  role,
  key,
  value: key,
  type: role === 'raw' ? 'b' : 'forward_split',
  receivedAtMs: 0,
});

function setup(producer: ProducerLike, fatal: Error[] = []) {
  const queue = new BoundedQueue<OutboundRecord>(100);
  const registry = createMetricsRegistry('t', false);
  const check = new StateCheck();
  const publisher = createKafkaPublisher({
    producer,
    queue,
    topics: { raw: 'p.raw', corporateActions: 'p.corporate-actions', dlq: 'p.dlq' },
    metrics: createIngestorMetrics(registry, queue),
    logger: createLogger({ name: 't', level: 'silent' }),
    kafkaCheck: check,
    batchMax: 10,
    lingerMs: 0,
    stallMs: 10_000,
    compression: 'none',
    onFatal: (e) => fatal.push(e),
  });
  return { queue, publisher, check, registry };
}

describe('kafka publisher', () => {
  it('sends corporate actions in a batch of their own, between the bars before and after them', async () => {
    const { producer, batches } = fakeProducer();
    const { queue, publisher } = setup(producer);
    for (const r of [
      rec('raw', 'a'),
      rec('dlq', 'x'),
      rec('corporateActions', 's1'),
      rec('corporateActions', 's2'),
      rec('raw', 'b'),
    ])
      queue.offer(r);
    publisher.start();
    await publisher.drained();
    await publisher.stop(1000);
    expect(
      batches.map((b) =>
        b.topicMessages!.map((t) => `${t.topic}:${t.messages.map((m) => String(m.key)).join(',')}`),
      ),
    ).toEqual([['p.raw:a', 'p.dlq:x'], ['p.corporate-actions:s1,s2'], ['p.raw:b']]);
    expect(batches.every((b) => b.acks === -1)).toBe(true);
  });

  it('retries a failed batch until Kafka takes it, reporting not ready meanwhile', async () => {
    const down = new KafkaJSNumberOfRetriesExceeded(new Error('Connection refused'), {
      retryCount: 8,
      retryTime: 100,
    });
    const { producer, batches } = fakeProducer([down]);
    const { queue, publisher, check, registry } = setup(producer);
    queue.offer(rec('raw', 'a'));
    const states: boolean[] = [];
    const poll = setInterval(() => states.push(check.ok), 5);
    publisher.start();
    await publisher.drained();
    clearInterval(poll);
    await publisher.stop(1000);
    expect(batches).toHaveLength(1);
    expect(states).toContain(false);
    expect(check.ok).toBe(true);
    expect(await registry.getSingleMetricAsString('ingestor_publish_errors_total')).toContain(
      'ingestor_publish_errors_total{retriable="true",service="t"} 1',
    );
  });

  it('gives up at once on an authorization failure', async () => {
    // kafkajs builds protocol errors from the broker's error entry; its typings only admit Error | string.
    const denied = new KafkaJSProtocolError({
      message: 'Not authorized to access topics',
      type: 'TOPIC_AUTHORIZATION_FAILED',
      code: 29,
      retriable: false,
    } as unknown as Error);
    const { producer } = fakeProducer([denied]);
    const fatal: Error[] = [];
    const { queue, publisher, check } = setup(producer, fatal);
    queue.offer(rec('raw', 'a'));
    publisher.start();
    await expect.poll(() => fatal.length).toBe(1);
    expect(check.ok).toBe(false);
    expect(await publisher.stop(100)).toBe(1);
  });
});
