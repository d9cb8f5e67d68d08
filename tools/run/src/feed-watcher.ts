import type { Consumer, Kafka } from 'kafkajs';
import { validateEnrichedBar, type EnrichedBarV1 } from '@marketfeed/schema';

export interface FeedWatcherStats {
  received: number;
  invalid: number;
  /** Latest enriched bar per symbol, as a customer sees it. */
  latest: Map<string, EnrichedBarV1>;
  /** Milliseconds from the enriched record's Kafka timestamp to receipt by the customer. */
  latenciesMs: number[];
}

/**
 * Reads the enriched topic the way a customer does (customer-demo SCRAM identity, read_committed,
 * its own group prefix), so the live view shows what customers get, not what the enricher thinks
 * it wrote.
 */
export class FeedWatcher {
  readonly stats: FeedWatcherStats = {
    received: 0,
    invalid: 0,
    latest: new Map(),
    latenciesMs: [],
  };
  private consumer: Consumer | undefined;

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
        const ts = Number(message.timestamp);
        if (Number.isFinite(ts) && ts > 0) {
          this.stats.latenciesMs.push(Math.max(0, now - ts));
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
