import {
  applyBar,
  createSymbolState,
  parseTimestampMs,
  StateIncompatibleError,
  type EnrichConfig,
  type SymbolState,
} from '@marketfeed/indicators';
import {
  DLQ_HEADERS,
  dlqEnvelope,
  dlqReasonHeader,
  isRawBar,
  parseRawEvent,
  type Issue,
} from '@marketfeed/schema';
import type { InputRecord, OutputRecord } from '@marketfeed/exactly-once';
import type { CorporateActionsTable } from './corporate-actions-table.js';

export type { InputRecord, OutputRecord };

export interface EnrichCounts {
  in: number;
  enriched: number;
  duplicates: number;
  ignored: number;
  stateOnly: number;
  dlq: number;
}

export interface EnrichOutput {
  enriched: OutputRecord[];
  /** Newest enriched bar per symbol: the compacted snapshot customers bootstrap from. */
  latest: Map<string, OutputRecord>;
  /** Symbols whose state changed and must go to the changelog. */
  changed: Set<string>;
  dlq: OutputRecord[];
  counts: EnrichCounts;
  /** Raw timestamps (ms) of the consumed records, for the end-to-end latency histogram. */
  sourceTimestamps: number[];
}

export interface EnrichContext {
  topic: string;
  partition: number;
  states: Map<string, SymbolState>;
  actions: CorporateActionsTable;
  config: EnrichConfig;
  /** ISO time stamped on DLQ envelopes (processing time; injected so tests are deterministic). */
  now: () => string;
}

/** Header on enriched records carrying the raw record's timestamp, so readers can measure end-to-end latency. */
export const SOURCE_TIMESTAMP_HEADER = 'x-marketfeed-source-ts';

export function emptyOutput(): EnrichOutput {
  return {
    enriched: [],
    latest: new Map(),
    changed: new Set(),
    dlq: [],
    counts: { in: 0, enriched: 0, duplicates: 0, ignored: 0, stateOnly: 0, dlq: 0 },
    sourceTimestamps: [],
  };
}

function reject(
  ctx: EnrichContext,
  out: EnrichOutput,
  rec: InputRecord,
  key: string | null,
  reason: string,
  issues: Issue[],
): void {
  const envelope = dlqEnvelope({
    stage: 'enricher',
    reason,
    issues,
    source: { topic: ctx.topic, partition: ctx.partition, offset: rec.offset, key },
    payload: rec.value,
    at: ctx.now(),
  });
  out.dlq.push({
    key,
    value: JSON.stringify(envelope),
    headers: {
      [DLQ_HEADERS.reason]: dlqReasonHeader(reason, issues),
      [DLQ_HEADERS.stage]: 'enricher',
      [DLQ_HEADERS.sourceTopic]: ctx.topic,
      [DLQ_HEADERS.sourcePartition]: String(ctx.partition),
      [DLQ_HEADERS.sourceOffset]: rec.offset,
    },
  });
  out.counts.dlq++;
}

/**
 * The pure heart of the enricher: applies raw records of one partition, in offset order, to that
 * partition's per-symbol state and appends what to write. Never throws on bad data: it becomes a
 * DLQ record with its reason.
 */
export function enrichRecords(
  ctx: EnrichContext,
  records: readonly InputRecord[],
  out: EnrichOutput = emptyOutput(),
): EnrichOutput {
  for (const rec of records) {
    out.counts.in++;
    out.sourceTimestamps.push(Number(rec.timestamp));
    const key = rec.key === null ? null : rec.key.toString('utf8');
    if (rec.value === null) {
      reject(ctx, out, rec, key, 'tombstone', [
        { path: '', reason: 'raw records must have a value' },
      ]);
      continue;
    }
    const parsed = parseRawEvent(rec.value);
    if (!parsed.ok) {
      reject(ctx, out, rec, key, 'invalid-raw-event', parsed.issues);
      continue;
    }
    const event = parsed.value;
    if (!isRawBar(event)) {
      // Statuses, trades and quotes are valid feed events that v1 enrichment does not use.
      out.counts.ignored++;
      continue;
    }
    if (key !== event.S) {
      // State lives in the partition of the symbol's key; a bar keyed otherwise would fork it.
      reject(ctx, out, rec, key, 'key-mismatch', [
        {
          path: 'S',
          reason: `record key ${JSON.stringify(key)} is not the bar's symbol ${JSON.stringify(event.S)}`,
        },
      ]);
      continue;
    }
    let state = ctx.states.get(event.S);
    if (!state) {
      state = createSymbolState(event.S);
      ctx.states.set(event.S, state);
    }
    let step;
    try {
      step = applyBar(state, event, ctx.actions.splitsFor(event.S), ctx.config);
    } catch (err) {
      // State built under other settings is not this record's fault: the service must stop.
      if (err instanceof StateIncompatibleError) throw err;
      reject(ctx, out, rec, key, 'enrich-error', [{ path: '', reason: (err as Error).message }]);
      continue;
    }
    switch (step.kind) {
      case 'duplicate':
        out.counts.duplicates++;
        continue;
      case 'ignored':
        out.counts.ignored++;
        break;
      case 'state-only':
        out.counts.stateOnly++;
        break;
      case 'enriched': {
        const record: OutputRecord = {
          key: event.S,
          value: JSON.stringify(step.bar),
          headers: { [SOURCE_TIMESTAMP_HEADER]: rec.timestamp },
        };
        out.enriched.push(record);
        out.counts.enriched++;
        // A revision of an older minute must not replace a newer bar in the snapshot.
        if (parseTimestampMs(step.bar.timestamp) === state.series.lastMs)
          out.latest.set(event.S, record);
        break;
      }
    }
    out.changed.add(event.S);
  }
  return out;
}
