import type { Logger } from '@marketfeed/service';
import {
  AdaptiveBulkLimit,
  chunkWithin,
  DEFAULT_FLOOR,
  DEFAULT_GROW_AFTER,
  DEFAULT_GROWTH_FACTOR,
  pressureOf,
  type BulkLimits,
  type LimitChange,
  type Pressure,
  type ScaledLimits,
} from './bulk-limit.js';
import {
  backoffDelay,
  classifyItem,
  classifyRequestFailure,
  type RequestFailure,
} from './bulk-outcome.js';
import type { BulkSettings } from './config.js';
import type { BulkOperation } from './documents.js';
import type { BulkResult } from './opensearch-gateway.js';

export interface IndexJob<C> {
  op: BulkOperation;
  symbol: string;
  /** The caller's own data (Kafka record, offset ticket), handed back when the job settles. */
  context: C;
}

export type JobResult =
  { kind: 'indexed' } | { kind: 'duplicate' } | { kind: 'rejected'; reason: string };

export interface Settled<C> {
  job: IndexJob<C>;
  result: JobResult;
}

export interface IndexerObserver {
  bulkSent(docs: number, bytes: number, seconds: number, outcome: 'ok' | 'failed'): void;
  retried(cause: string, docs: number): void;
  availability(up: boolean, detail?: string): void;
  /** The bulk size now in force (at start, and on every change). */
  limit(limits: BulkLimits): void;
}

export interface BulkIndexerDeps<C> {
  settings: BulkSettings;
  /**
   * Sends one bulk (and whatever must exist first). Throwing is a bug, not an outage. `signal`
   * aborts when the indexer stops: the request is abandoned and its jobs never settle.
   */
  send(jobs: readonly IndexJob<C>[], signal: AbortSignal): Promise<BulkResult>;
  /** Called with every job that reached a final result; awaited, so slow DLQ writes backpressure. */
  onSettled(settled: Settled<C>[]): Promise<void>;
  observer: IndexerObserver;
  /** The indexer stopped on an error it cannot retry (a bug, or a DLQ the sink may not write). */
  onFatal(err: unknown): void;
  logger: Logger;
  /** The adaptive bulk size's floor and growth; the maximum is `settings.maxDocs/maxBytes`. */
  adaptive?: { floor?: BulkLimits; growAfter?: number; growthFactor?: number };
  random?: () => number;
  now?: () => number;
}

interface Queued<C> {
  job: IndexJob<C>;
  at: number;
}

/**
 * Groups jobs into bulks bounded by documents, bytes and time, keeps up to `concurrency` bulks
 * in flight, and retries what OpenSearch could not take (whole request or single items) with
 * backoff and jitter until it is indexed or definitively rejected. The document and byte bounds
 * adapt (`AdaptiveBulkLimit`): halved when OpenSearch is starved (a timeout, 429/503), grown
 * back after clean bulks; a retried bulk larger than the current bound is re-sent split to it.
 * Jobs abandoned by `stop()` (queued, retrying or in flight: the request is aborted) never
 * settle, so their offsets are never committed.
 */
export class BulkIndexer<C> {
  private queue: Queued<C>[] = [];
  private queuedBytes = 0;
  private inflight = 0;
  private bufferedDocs = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  private stopped = false;
  private readonly stopController = new AbortController();
  private readonly waiters = new Set<() => void>();
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly limit: AdaptiveBulkLimit;

  constructor(private readonly deps: BulkIndexerDeps<C>) {
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    const { maxDocs, maxBytes } = deps.settings;
    this.limit = new AdaptiveBulkLimit({
      max: { docs: maxDocs, bytes: maxBytes },
      floor: deps.adaptive?.floor ?? DEFAULT_FLOOR,
      growAfter: deps.adaptive?.growAfter ?? DEFAULT_GROW_AFTER,
      growthFactor: deps.adaptive?.growthFactor ?? DEFAULT_GROWTH_FACTOR,
    });
    deps.observer.limit(this.limits);
  }

  /** The bulk size now in force. */
  get limits(): BulkLimits {
    const { docs, bytes } = this.limit.limits;
    return { docs, bytes };
  }

  /** Documents queued or in flight. */
  get buffered(): number {
    return this.bufferedDocs;
  }

  get hasCapacity(): boolean {
    return this.bufferedDocs < this.deps.settings.maxBufferedDocs;
  }

  submit(job: IndexJob<C>): void {
    if (this.stopped) return;
    this.queue.push({ job, at: this.now() });
    this.queuedBytes += job.op.bytes;
    this.bufferedDocs++;
    this.dispatch();
  }

  /** Resolves when there is room (true) or after `timeoutMs` (false), so callers can heartbeat. */
  waitForCapacity(timeoutMs: number): Promise<boolean> {
    if (this.hasCapacity || this.stopped) return Promise.resolve(this.hasCapacity);
    return this.waitForChange(timeoutMs).then(() => this.hasCapacity);
  }

  /** Sends everything queued now, without waiting for bulks to fill; resolves when all settled. */
  async flush(): Promise<void> {
    this.flushing = true;
    try {
      this.dispatch();
      while (!this.stopped && (this.queue.length > 0 || this.inflight > 0)) {
        await this.waitForChange(1_000);
        this.dispatch();
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Abandons queued, retrying and in-flight jobs (requests are aborted; the jobs stay
   * uncommitted and are re-read after restart).
   */
  stop(): void {
    this.stopped = true;
    this.stopController.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.queuedBytes = 0;
    this.notify();
  }

  private waitForChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.waiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private dispatch(): void {
    const { maxMs, concurrency } = this.deps.settings;
    while (this.inflight < concurrency && this.queue.length > 0) {
      const limits = this.limit.limits;
      const full = this.queue.length >= limits.docs || this.queuedBytes >= limits.bytes;
      const due = this.queue[0]!.at + maxMs <= this.now();
      if (!full && !due && !this.flushing) break;
      const jobs = this.take(limits);
      this.inflight++;
      void this.run(jobs, limits)
        .catch((err: unknown) => {
          // Abandoned work during shutdown is expected: it stays uncommitted.
          if (this.stopped) return;
          // A bug (e.g. a response shape we do not understand): stop rather than lose records.
          this.deps.logger.fatal({ err }, 'bulk indexer failed; stopping');
          this.stop();
          this.deps.onFatal(err);
        })
        .finally(() => {
          this.inflight--;
          this.dispatch();
          this.notify();
        });
    }
    this.armTimer();
  }

  private take(limits: BulkLimits): IndexJob<C>[] {
    const jobs: IndexJob<C>[] = [];
    let bytes = 0;
    while (this.queue.length > 0 && jobs.length < limits.docs) {
      const next = this.queue[0]!;
      if (jobs.length > 0 && bytes + next.job.op.bytes > limits.bytes) break;
      this.queue.shift();
      jobs.push(next.job);
      bytes += next.job.op.bytes;
      this.queuedBytes -= next.job.op.bytes;
    }
    return jobs;
  }

  private armTimer(): void {
    if (this.timer || this.queue.length === 0 || this.stopped) return;
    const delay = Math.max(0, this.queue[0]!.at + this.deps.settings.maxMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dispatch();
    }, delay);
  }

  private async sleep(ms: number): Promise<void> {
    if (this.stopped) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      const signal = this.stopController.signal;
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private backoff(attempt: number): number {
    const { retryInitialMs, retryMaxMs } = this.deps.settings;
    return backoffDelay(attempt, retryInitialMs, retryMaxMs, this.random);
  }

  private async settle(settled: Settled<C>[]): Promise<void> {
    if (settled.length === 0) return;
    await this.deps.onSettled(settled);
    this.bufferedDocs -= settled.length;
    this.notify();
  }

  /**
   * Sends `jobs` (cut under `cutUnder`) until each settles. `attempt` carries a re-split bulk's
   * backoff on into its parts.
   */
  private async run(jobs: IndexJob<C>[], cutUnder: ScaledLimits, attempt = 0): Promise<void> {
    const { observer } = this.deps;
    let pending = jobs;
    let sentUnder = cutUnder;
    while (pending.length > 0 && !this.stopped) {
      const bytes = pending.reduce((n, j) => n + j.op.bytes, 0);
      const limits = this.limit.limits;
      if (pending.length > 1 && (pending.length > limits.docs || bytes > limits.bytes)) {
        // Cut before the limit shrank (a timed-out bulk, say): re-sent at the size now in force.
        for (const part of chunkWithin(pending, (j) => j.op.bytes, limits))
          await this.run(part, limits, attempt);
        return;
      }
      const started = performance.now();
      const res = await this.deps.send(pending, this.stopController.signal);
      // Aborted by stop(), or answered after it: nothing settles, nothing more to report.
      if (this.stopped) return;
      const seconds = (performance.now() - started) / 1000;
      observer.bulkSent(pending.length, bytes, seconds, res.ok ? 'ok' : 'failed');
      const pressure = pressureOf(res);
      if (pressure) this.limitChanged(this.limit.starved(sentUnder), pressure);
      // A retry is cut under the limit now in force; if that fails too, it halves again.
      sentUnder = this.limit.limits;

      if (!res.ok) {
        const action = classifyRequestFailure(res.failure);
        if (action === 'retry') {
          this.unavailable(res.failure, pending.length, attempt);
          await this.sleep(this.backoff(attempt++));
          continue;
        }
        if (action === 'split' && pending.length > 1) {
          const half = Math.ceil(pending.length / 2);
          await this.run(pending.slice(0, half), sentUnder);
          await this.run(pending.slice(half), sentUnder);
          return;
        }
        const reason = `bulk request rejected: ${res.failure.status ?? ''} ${res.failure.message}`;
        await this.settle(pending.map((job) => ({ job, result: { kind: 'rejected', reason } })));
        return;
      }

      const settled: Settled<C>[] = [];
      const retry: IndexJob<C>[] = [];
      let retryCause = '';
      pending.forEach((job, i) => {
        const outcome = classifyItem(res.items[i]);
        switch (outcome.kind) {
          case 'indexed':
          case 'duplicate':
            settled.push({ job, result: { kind: outcome.kind } });
            break;
          case 'reject':
            settled.push({ job, result: { kind: 'rejected', reason: outcome.reason } });
            break;
          case 'retry':
            retry.push(job);
            retryCause = outcome.cause;
        }
      });
      // Items refused for lack of permission make no progress until an operator acts: that is
      // an outage for readiness, not backpressure.
      const refused = retry.length > 0 && /^40[13] /.test(retryCause);
      observer.availability(!refused, refused ? `bulk items refused: ${retryCause}` : undefined);
      if (retry.length === 0) this.limitChanged(this.limit.succeeded());
      await this.settle(settled);
      pending = retry;
      if (retry.length > 0) {
        observer.retried(retryCause, retry.length);
        this.deps.logger.warn(
          { docs: retry.length, cause: retryCause, attempt },
          'bulk items to retry',
        );
        await this.sleep(this.backoff(attempt++));
      }
    }
  }

  private limitChanged(change: LimitChange | undefined, cause?: Pressure): void {
    if (!change) return;
    const { docs, bytes } = change.limits;
    this.deps.observer.limit({ docs, bytes });
    if (change.kind === 'shrunk')
      this.deps.logger.warn(
        { cause, docs, bytes, atFloor: this.limit.atFloor },
        `OpenSearch is overloaded (${cause ?? 'pressure'}); bulks limited to ${docs} documents / ${bytes} bytes` +
          (this.limit.atFloor ? ', the floor: the cluster is undersized for this feed' : ''),
      );
    else if (change.kind === 'restored')
      this.deps.logger.info({ docs, bytes }, 'bulk limit back at its maximum');
    else this.deps.logger.debug({ docs, bytes }, 'bulk limit raised');
  }

  private unavailable(failure: RequestFailure, docs: number, attempt: number): void {
    const detail = `bulk failed: ${failure.status ?? 'no response'} ${failure.message}`;
    this.deps.observer.retried(
      failure.status === null ? 'unreachable' : String(failure.status),
      docs,
    );
    this.deps.observer.availability(false, detail);
    // First failure loudly, then every 10th: an outage of minutes would flood the log otherwise.
    if (attempt % 10 === 0)
      this.deps.logger.warn(
        { docs, attempt, failure },
        'OpenSearch bulk failed; retrying with backoff',
      );
  }
}
