import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { KafkaSettings } from '@marketfeed/kafka';
import type { Logger } from '@marketfeed/service';
import type { ProducerLike } from './pipeline/kafka-publisher.js';
import { createWorkerProducers } from './pipeline/worker-producer.js';

/**
 * The ingestor's producer: idempotent with one request in flight, so kafkajs' retries neither
 * duplicate nor reorder a partition's records (kafkajs requires maxInFlightRequests 1 for
 * idempotence), and the Java-compatible murmur2 partitioner, so key=symbol lands on the same
 * partition as from the enricher and Kafka's own tools. Retries are unlimited as kafkajs requires
 * for idempotence; an outage shows as a stalled send (not ready), never as a lost record.
 */
export function createIngestorProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
}

export type ProducerLanes = {
  /** Producers, one per lane of the publisher (INGEST_PRODUCERS). */
  count: number;
  /** Each in a worker thread of its own (INGEST_PRODUCER_THREADS). */
  threads: boolean;
};

/** The publisher's producers: one in-process producer per lane, or one worker thread per lane. */
export function createIngestorProducers(
  kafka: Kafka,
  lanes: ProducerLanes,
  worker: { settings: KafkaSettings; clientId: string; logger: Logger },
): ProducerLike[] {
  if (lanes.threads) return createWorkerProducers(lanes.count, worker);
  return Array.from({ length: lanes.count }, () => createIngestorProducer(kafka));
}
