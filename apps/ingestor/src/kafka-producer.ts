import { Partitioners, type Kafka, type Producer } from 'kafkajs';

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

/**
 * `count` such producers, one per lane of the publisher (INGEST_PRODUCERS): each has its own
 * producer id and sequence numbers, so their requests are in flight together, where one kafkajs
 * idempotent producer holds a lock per broker for the whole of each request.
 */
export function createIngestorProducers(kafka: Kafka, count: number): Producer[] {
  return Array.from({ length: count }, () => createIngestorProducer(kafka));
}
