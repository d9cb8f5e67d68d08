import type { Registry } from 'prom-client';
import { StateCheck, type Logger, type Readiness } from '@marketfeed/service';
import { createIngestorMetrics, type IngestorMetrics } from './metrics.js';
import { BoundedQueue } from './pipeline/bounded-queue.js';
import { createKafkaPublisher, type ProducerLike } from './pipeline/kafka-publisher.js';
import type { OutboundRecord, OutboundRole } from './pipeline/outbound-record.js';
import type { IngestSink, Source, SourceContext, SourceSummary } from './sources/source.js';

export type IngestorDeps = {
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
  producer: ProducerLike;
  topics: Record<OutboundRole, string>;
  /** Builds the source once the ingestor's metrics and readiness exist. */
  createSource: (ctx: SourceContext) => Source;
  publisher: {
    batchMax: number;
    lingerMs: number;
    bufferMax: number;
    stallMs: number;
    compression: 'none' | 'gzip';
  };
  now?: () => number;
};

/** How a run ended: the source finished (replay, bounded simulator), or something fatal happened. */
export type IngestorOutcome =
  { kind: 'finished'; summary: SourceSummary } | { kind: 'fatal'; error: Error };

export type Ingestor = {
  readonly metrics: IngestorMetrics;
  start(): void;
  /** Settles when the source finished and everything it produced is acknowledged, or on a fatal error. */
  readonly outcome: Promise<IngestorOutcome>;
  /** Stops the source, then sends what is buffered within `graceMs`; resolves to the records left unsent. */
  stop(graceMs: number): Promise<number>;
};

const DROP_LOG_EVERY = 10_000;

/** The ingestor without the process around it: source -> bounded buffer -> Kafka. */
export function createIngestor(deps: IngestorDeps): Ingestor {
  const now = deps.now ?? Date.now;
  const logger = deps.logger;
  const queue = new BoundedQueue<OutboundRecord>(deps.publisher.bufferMax);
  const metrics = createIngestorMetrics(deps.registry, queue);
  const kafkaCheck = new StateCheck('connecting to Kafka');
  const sourceCheck = new StateCheck('starting');
  deps.readiness.register('kafka', kafkaCheck.check);
  deps.readiness.register('source', sourceCheck.check);

  let settle: (o: IngestorOutcome) => void = () => {};
  const outcome = new Promise<IngestorOutcome>((resolve) => (settle = resolve));
  const fail = (error: Error) => settle({ kind: 'fatal', error });

  const publisher = createKafkaPublisher({
    producer: deps.producer,
    queue,
    topics: deps.topics,
    metrics,
    logger,
    kafkaCheck,
    batchMax: deps.publisher.batchMax,
    lingerMs: deps.publisher.lingerMs,
    stallMs: deps.publisher.stallMs,
    compression: deps.publisher.compression,
    onFatal: fail,
    now,
  });

  let dropped = 0;
  const sink: IngestSink = {
    get full() {
      return queue.isFull;
    },
    writable: () => queue.whenWritable(),
    drained: () => publisher.drained(),
    offer(record) {
      if (queue.offer(record)) return true;
      dropped++;
      metrics.dropped.inc({ reason: 'buffer_full' });
      if (dropped === 1 || dropped % DROP_LOG_EVERY === 0)
        logger.error(
          { dropped, capacity: queue.capacity, type: record.type, key: record.key },
          'buffer full (Kafka slow or unavailable): dropping records from the live source',
        );
      return false;
    },
  };

  const source = deps.createSource({ logger, metrics, check: sourceCheck, now });

  return {
    metrics,
    outcome,
    start() {
      publisher.start();
      source
        .run(sink)
        .then(async (summary) => {
          await publisher.drained();
          settle({ kind: 'finished', summary: { ...summary, droppedBufferFull: dropped } });
        })
        .catch((err: unknown) => {
          sourceCheck.down(`source failed: ${(err as Error).message}`);
          fail(err instanceof Error ? err : new Error(String(err)));
        });
    },
    async stop(graceMs) {
      const started = now();
      await source.stop().catch((err: unknown) => logger.warn({ err }, 'source stop failed'));
      return publisher.stop(Math.max(0, graceMs - (now() - started)));
    },
  };
}
