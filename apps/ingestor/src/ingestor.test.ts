import { describe, expect, it } from 'vitest';
import type { ProducerBatch } from 'kafkajs';
import { createLogger, createMetricsRegistry, Readiness } from '@marketfeed/service';
import { createIngestor } from './ingestor.js';
import type { ProducerLike } from './pipeline/kafka-publisher.js';
import { createSimulatorSource } from './sources/simulator/simulator-source.js';

// Wiring only (source -> buffer -> producer, readiness, outcome); Kafka itself is in *.int.test.ts.
function recordingProducer() {
  const batches: ProducerBatch[] = [];
  const producer: ProducerLike = {
    connect: async () => {},
    disconnect: async () => {},
    sendBatch: async (b) => {
      batches.push(b);
      return [];
    },
  };
  return { producer, batches };
}

function build(maxMessages: number, bufferMax = 1000) {
  const { producer, batches } = recordingProducer();
  const readiness = new Readiness();
  const ingestor = createIngestor({
    logger: createLogger({ name: 't', level: 'silent' }),
    registry: createMetricsRegistry('t', false),
    readiness,
    producer,
    topics: { raw: 'p.raw', corporateActions: 'p.corporate-actions', dlq: 'p.dlq' },
    createSource: (ctx) =>
      createSimulatorSource(
        {
          symbols: 5,
          seed: 3,
          pace: { kind: 'max' },
          startDate: '2024-03-04',
          days: 0,
          maxMessages,
          extendedHours: true,
        },
        ctx,
      ),
    config: {
      publisher: { batchMax: 100, lingerMs: 0, bufferMax, stallMs: 1000, compression: 'none' },
      shutdownGraceMs: 1000,
    },
  });
  return { ingestor, batches, readiness };
}

describe('createIngestor', () => {
  it('finishes a bounded simulator run once every record is acknowledged, with a summary', async () => {
    const { ingestor, batches, readiness } = build(2500, 300);
    expect((await readiness.evaluate()).ready).toBe(false);
    await ingestor.start();
    expect(await ingestor.done).toEqual({ kind: 'finished' });
    expect(ingestor.summary).toMatchObject({
      source: 'simulator',
      messages: 2500,
      droppedBufferFull: 0,
    });
    const sent = batches.flatMap((b) => b.topicMessages!.flatMap((t) => t.messages));
    expect(sent).toHaveLength(2500);
    expect(batches.every((b) => b.acks === -1)).toBe(true);
    expect((await readiness.evaluate()).checks).toMatchObject({
      kafka: { ok: true },
      source: { ok: true },
    });
    await ingestor.stop(1000);
    expect(ingestor.unsent).toBe(0);
  });
});
