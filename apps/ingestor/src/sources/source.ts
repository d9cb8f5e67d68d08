import type { Logger, StateCheck } from '@marketfeed/service';
import type { IngestorMetrics } from '../metrics.js';
import type { OutboundRecord } from '../pipeline/outbound-record.js';

/** Where sources put records: the bounded buffer in front of Kafka. */
export type IngestSink = {
  /** True while the buffer has no room; pull sources then await `writable()` (backpressure). */
  readonly full: boolean;
  writable(): Promise<void>;
  /** Enqueues; returns false (and counts and logs the drop) when the buffer is full. */
  offer(record: OutboundRecord): boolean;
  /** Resolves once every record offered so far is acknowledged by Kafka (absent on test stand-ins). */
  drained?(): Promise<void>;
};

/** What a source reports when it ends by itself (replay done, bounded simulator run done). */
export type SourceSummary = Record<string, unknown>;

export interface Source {
  readonly name: string;
  /** Runs until the source is exhausted (resolves with a summary) or stopped (resolves early). Rejects on a fatal error. */
  run(sink: IngestSink): Promise<SourceSummary>;
  /** Stops producing; `run` resolves soon after. */
  stop(): Promise<void>;
}

export type SourceContext = {
  logger: Logger;
  metrics: IngestorMetrics;
  /** The source's readiness: connected/authenticated, or running. */
  check: StateCheck;
  now: () => number;
};

/** Awaits room in the buffer only when it is full, so the common path stays synchronous. */
export async function write(sink: IngestSink, record: OutboundRecord): Promise<void> {
  while (sink.full) await sink.writable();
  sink.offer(record);
}
