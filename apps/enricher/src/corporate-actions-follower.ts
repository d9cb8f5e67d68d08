import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { Logger } from '@marketfeed/service';
import type { CorporateAction, Issue } from '@marketfeed/schema';
import { CorporateActionsTable } from './corporate-actions-table.js';
import { trackPositions } from '@marketfeed/exactly-once';

export interface CorporateActionsFollowerOptions {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  groupPrefix: string;
  logger: Logger;
  /** `live` is false during the initial load (the whole compacted history) and for re-published keys. */
  onAction?: (action: CorporateAction, live: boolean) => void;
  onInvalid?: (key: string, issues: Issue[]) => void;
}

interface Check {
  startedAt: number;
  promise: Promise<void>;
}

/**
 * Follows the compacted corporate-actions topic into a table every instance holds in full. Before
 * a raw batch is enriched, `caughtUpSince(fetchedAt)` makes sure the table holds everything that
 * was on the topic when the batch was fetched; concurrent partitions share one such check.
 */
export class CorporateActionsFollower {
  readonly table = new CorporateActionsTable();
  private consumer: Consumer | undefined;
  private positions = new Map<number, bigint>();
  private inflight: Check | undefined;
  private lastDone = -Infinity;
  private crashed: Error | undefined;
  private waiters = new Set<() => void>();

  constructor(private readonly opts: CorporateActionsFollowerOptions) {}

  async start(): Promise<void> {
    const consumer = this.opts.kafka.consumer({
      // Its own group, so every instance reads every action; no offsets are ever committed.
      groupId: `${this.opts.groupPrefix}-actions-${randomUUID()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    this.positions = trackPositions(consumer, this.opts.topic);
    consumer.on(consumer.events.END_BATCH_PROCESS, () => this.wake());
    consumer.on(consumer.events.CRASH, (e) => {
      this.crashed = (e.payload as { error: Error }).error;
      this.wake();
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.opts.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const key = m.key?.toString('utf8') ?? '';
          const r = this.table.apply(key, m.value);
          if (!r.ok) this.opts.onInvalid?.(key, r.issues);
          else if (r.action) this.opts.onAction?.(r.action, r.isNew && this.lastDone > -Infinity);
        }
      },
    });
  }

  /** Resolves once the table holds every action that was on the topic at time `since` (epoch ms). */
  caughtUpSince(since: number): Promise<void> {
    if (this.lastDone >= since) return Promise.resolve();
    if (this.inflight && this.inflight.startedAt >= since) return this.inflight.promise;
    const startedAt = Date.now();
    const promise = this.catchUp().then(
      () => {
        this.lastDone = Math.max(this.lastDone, startedAt);
        if (this.inflight?.promise === promise) this.inflight = undefined;
      },
      (err: unknown) => {
        if (this.inflight?.promise === promise) this.inflight = undefined;
        throw err;
      },
    );
    this.inflight = { startedAt, promise };
    return promise;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.wake();
  }

  private async catchUp(): Promise<void> {
    const ends = (await this.opts.admin.fetchTopicOffsets(this.opts.topic)).filter(
      (o) => BigInt(o.high) > BigInt(o.low),
    );
    const behind = () => ends.some((o) => (this.positions.get(o.partition) ?? 0n) < BigInt(o.high));
    while (behind()) {
      if (this.crashed) throw this.crashed;
      await new Promise<void>((resolve) => {
        this.waiters.add(resolve);
        // Re-check now and then even without events (an idle topic emits none).
        setTimeout(resolve, 200).unref();
      });
    }
  }

  private wake(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }
}
