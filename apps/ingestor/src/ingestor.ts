import type { Registry } from 'prom-client';
import {
  serviceOutcome,
  StateCheck,
  type Logger,
  type Readiness,
  type Service,
} from '@marketfeed/service';
import type { IngestorConfig } from './config.js';
import { createIngestorMetrics, type IngestorMetrics } from './metrics.js';
import { BoundedQueue } from './pipeline/bounded-queue.js';
import { createKafkaPublisher, type ProducerLike } from './pipeline/kafka-publisher.js';
import type { OutboundRecord, OutboundRole } from './pipeline/outbound-record.js';
import type { IngestSink, Source, SourceContext, SourceSummary } from './sources/source.js';

export type IngestorDeps = {
  /** The part of the configuration the ingestor reads (main passes the whole IngestorConfig). */
  config: {
    publisher: Omit<
      IngestorConfig['publisher'],
      'createTopics' | 'topicPartitions' | 'producers'
    >;
    shutdownGraceMs: number;
  };
  /** Topic names, from the contract's catalog in the composition root. */
  topics: Record<OutboundRole, string>;
  /** One producer, or one per lane (see createKafkaPublisher). */
  producer: ProducerLike | readonly ProducerLike[];
  /** Builds the source once the ingestor's metrics and readiness exist. */
  createSource: (ctx: SourceContext) => Source;
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
  now?: () => number;
};

/**
 * The ingestor as a Service: `done` finishes when the source finished (replay, bounded
 * simulator) and everything it produced is acknowledged, and fails on a fatal error.
 */
export type Ingestor = Service & {
  readonly metrics: IngestorMetrics;
  /** What the source reported once it finished; undefined before. */
  readonly summary: SourceSummary | undefined;
  /** Records left unsent by the last stop (0 when everything was acknowledged). */
  readonly unsent: number;
  /** Stops the source, then sends what is buffered within `graceMs` (default: the grace period less a margin). */
  stop(graceMs?: number): Promise<void>;
};

/** Time kept from the grace period for closing the ops server after the last send. */
const CLOSE_RESERVE_MS = 500;
const DROP_LOG_EVERY = 10_000;

/** The ingestor without the process around it: source -> bounded buffer -> Kafka. */
export function createIngestor(deps: IngestorDeps): Ingestor {
  const now = deps.now ?? Date.now;
  const logger = deps.logger;
  const { publisher: settings } = deps.config;
  const queue = new BoundedQueue<OutboundRecord>(settings.bufferMax);
  const metrics = createIngestorMetrics(deps.registry, queue);
  const kafkaCheck = new StateCheck('connecting to Kafka');
  const sourceCheck = new StateCheck('starting');
  deps.readiness.register('kafka', kafkaCheck.check);
  deps.readiness.register('source', sourceCheck.check);

  const outcome = serviceOutcome();
  let summary: SourceSummary | undefined;
  let unsent = 0;
  let stopped: Promise<void> | undefined;

  const publisher = createKafkaPublisher({
    producer: deps.producer,
    queue,
    topics: deps.topics,
    metrics,
    logger,
    kafkaCheck,
    batchMax: settings.batchMax,
    lingerMs: settings.lingerMs,
    stallMs: settings.stallMs,
    compression: settings.compression,
    onFatal: outcome.fail,
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

  const finished = (result: SourceSummary) => {
    summary = { ...result, droppedBufferFull: dropped };
    const invalid = (summary.byType as Record<string, number> | undefined)?.invalid ?? 0;
    logger.info(
      { summary, dlqTopic: deps.topics.dlq },
      invalid > 0
        ? `source finished; all records acknowledged; ${invalid} invalid lines went to ${deps.topics.dlq} with their reasons`
        : 'source finished; all records acknowledged',
    );
    outcome.finish();
  };

  return {
    metrics,
    done: outcome.done,
    get summary() {
      return summary;
    },
    get unsent() {
      return unsent;
    },
    async start() {
      publisher.start();
      source
        .run(sink)
        .then(async (result) => {
          await publisher.drained();
          finished(result);
        })
        .catch((err: unknown) => {
          sourceCheck.down(`source failed: ${(err as Error).message}`);
          outcome.fail(err);
        });
    },
    stop(graceMs: number = Math.max(0, deps.config.shutdownGraceMs - CLOSE_RESERVE_MS)) {
      // Idempotent: a second caller waits for the same stop.
      stopped ??= (async () => {
        const started = now();
        await source.stop().catch((err: unknown) => logger.warn({ err }, 'source stop failed'));
        unsent = await publisher.stop(Math.max(0, graceMs - (now() - started)));
      })();
      return stopped;
    },
  };
}
