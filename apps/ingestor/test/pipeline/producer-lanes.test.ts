import { describe, expect, it } from 'vitest';
import { KafkaJSNumberOfRetriesExceeded, Partitioners, type ProducerBatch } from 'kafkajs';
import { createLogger, createMetricsRegistry, StateCheck } from '@marketfeed/service';
import { createIngestorMetrics } from '../../src/metrics.js';
import { BoundedQueue } from '../../src/pipeline/bounded-queue.js';
import { createKafkaPublisher, type ProducerLike } from '../../src/pipeline/kafka-publisher.js';
import type { OutboundRecord } from '../../src/pipeline/outbound-record.js';
import { laneAssigner } from '../../src/pipeline/producer-lanes.js';

// Stand-ins for kafkajs producers, one per lane, to pin down which records each lane sends and
// what a failed lane re-sends; the real broker is exercised by the *.int.test.ts files.
function fakeLanes(count: number, failures: Map<number, Error[]> = new Map()) {
  const sent: ProducerBatch[][] = Array.from({ length: count }, () => []);
  const producers: ProducerLike[] = sent.map((batches, lane) => ({
    connect: async () => {},
    disconnect: async () => {},
    sendBatch: async (batch) => {
      const f = failures.get(lane)?.shift();
      if (f) throw f;
      batches.push(batch);
      return [];
    },
  }));
  return { producers, sent };
}

const bar = (symbol: string, n: number): OutboundRecord => ({
  role: 'raw',
  key: symbol,
  value: `${symbol}:${n}`,
  type: 'b',
  receivedAtMs: 0,
});

function setup(producers: ProducerLike[], records: OutboundRecord[]) {
  const queue = new BoundedQueue<OutboundRecord>(1000);
  for (const r of records) queue.offer(r);
  const publisher = createKafkaPublisher({
    producer: producers,
    queue,
    topics: { raw: 'p.raw', corporateActions: 'p.corporate-actions', dlq: 'p.dlq' },
    metrics: createIngestorMetrics(createMetricsRegistry('t', false), queue),
    logger: createLogger({ name: 't', level: 'silent' }),
    kafkaCheck: new StateCheck(),
    batchMax: 4,
    lingerMs: 0,
    stallMs: 10_000,
    compression: 'none',
    onFatal: () => {},
  });
  return { queue, publisher };
}

const values = (batches: ProducerBatch[]) =>
  batches.flatMap((b) => b.topicMessages!.flatMap((t) => t.messages.map((m) => String(m.value))));

const symbols = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA', 'GOOG', 'AMD', 'INTC'];

describe('producer lanes', () => {
  it('give every key one lane, and the same partition as the topic when lanes divide partitions', () => {
    const lanes = laneAssigner(3);
    const partition = Partitioners.DefaultPartitioner();
    const sixPartitions = [0, 1, 2, 3, 4, 5].map((partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    const used = new Set<number>();
    for (const s of symbols) {
      const lane = lanes('p.raw', s);
      used.add(lane);
      expect(lanes('p.raw', s)).toBe(lane);
      const p = partition({
        topic: 'p.raw',
        partitionMetadata: sixPartitions,
        message: { key: s, value: null },
      });
      expect(p % 3).toBe(lane);
    }
    expect(used.size).toBe(3);
  });

  it('send each symbol through one producer, in the order it was queued', async () => {
    const records = symbols.flatMap((s) => [1, 2, 3, 4, 5].map((n) => bar(s, n)));
    const { producers, sent } = fakeLanes(3);
    const { publisher } = setup(producers, records);
    publisher.start();
    await publisher.drained();
    await publisher.stop(1000);
    const lanes = laneAssigner(3);
    for (const s of symbols) {
      const lane = lanes('p.raw', s);
      const mine = (i: number) => values(sent[i]!).filter((v) => v.startsWith(`${s}:`));
      expect(mine(lane)).toEqual([1, 2, 3, 4, 5].map((n) => `${s}:${n}`));
      for (let i = 0; i < 3; i++) if (i !== lane) expect(mine(i)).toEqual([]);
    }
  });

  it('re-send only the lane that failed, so an acknowledged lane is never sent twice', async () => {
    const down = new KafkaJSNumberOfRetriesExceeded(new Error('Connection refused'), {
      retryCount: 8,
      retryTime: 100,
    });
    const records = symbols.map((s) => bar(s, 1));
    const failing = laneAssigner(3)('p.raw', 'AAPL');
    const { producers, sent } = fakeLanes(3, new Map([[failing, [down]]]));
    const { queue, publisher } = setup(producers, records);
    publisher.start();
    await publisher.drained();
    await publisher.stop(1000);
    expect(queue.size).toBe(0);
    expect(sent.flatMap(values).sort()).toEqual(records.map((r) => r.value).sort());
  });
});
