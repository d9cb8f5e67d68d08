import type { Consumer, Kafka } from 'kafkajs';
import { validateEnrichedBar, type EnrichedBarV1 } from '@marketfeed/schema';

/** Set by the enricher on every enriched record: the raw record's Kafka timestamp (epoch ms). */
export const SOURCE_TIMESTAMP_HEADER = 'x-marketfeed-source-ts';

export interface FeedWatcherStats {
  /** Records of this run, as the customer received them. */
  received: number;
  invalid: number;
  /** Latest enriched bar per symbol, as a customer sees it. */
  latest: Map<string, EnrichedBarV1>;
  /** Milliseconds from the raw record entering Kafka to the customer receiving its enriched record. */
  latenciesMs: number[];
}

/**
 * Reads the enriched topic the way a customer does (customer-demo SCRAM identity, read_committed,
 * its own group prefix), so the live view shows what customers get, not what the enricher thinks
 * it wrote. Follows from the end: the table starts from the `latest` snapshot (see FeedRun).
 */
export class FeedWatcher {
  readonly stats: FeedWatcherStats = {
    received: 0,
    invalid: 0,
    latest: new Map(),
    latenciesMs: [],
  };
  private consumer: Consumer | undefined;
  private readonly since = Date.now();
  /** Set when the consumer stopped for good (e.g. the customer's ACLs deny it). */
  failure: string | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart)
        this.failure = `customer-demo consumer stopped: ${e.payload.error.message}`;
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const now = Date.now();
        this.stats.received++;
        let value: unknown;
        try {
          value = JSON.parse(message.value?.toString('utf8') ?? 'null');
        } catch {
          this.stats.invalid++;
          return;
        }
        const result = validateEnrichedBar(value);
        if (!result.ok) {
          this.stats.invalid++;
          return;
        }
        this.stats.latest.set(result.value.symbol, result.value);
        const source = Number(message.headers?.[SOURCE_TIMESTAMP_HEADER]?.toString() ?? NaN);
        if (Number.isFinite(source) && source >= this.since) {
          this.stats.latenciesMs.push(Math.max(0, now - source));
          // Bounded: the summary needs percentiles, not every sample of a long run.
          if (this.stats.latenciesMs.length > 200_000) this.stats.latenciesMs.splice(0, 100_000);
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Nearest-rank percentile; undefined for no samples. */
export function percentile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}
