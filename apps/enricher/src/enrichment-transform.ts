import {
  restoreState,
  serializeState,
  type EnrichConfig,
  type SymbolState,
} from '@marketfeed/indicators';
import type { StateCodec, Transform } from '@marketfeed/exactly-once';
import type { TopicCatalog } from '@marketfeed/kafka';
import type { CorporateActionsTable } from './corporate-actions-table.js';
import { emptyOutput, enrichRecords, type EnrichOutput } from './enrich-records.js';
import type { EnricherMetrics } from './metrics.js';

/** A symbol's state in the changelog: the indicators package's own serialisation. */
export const symbolStateCodec: StateCodec<SymbolState> = {
  encode: serializeState,
  decode: (text) => restoreState(text),
};

export interface EnrichmentTransformDeps {
  topics: TopicCatalog;
  config: EnrichConfig;
  /** The corporate-actions table (the follower creates it at start and keeps it current). */
  actions: () => CorporateActionsTable;
  metrics: EnricherMetrics;
  /** ISO time stamped on DLQ envelopes (processing time; injected so tests are deterministic). */
  now: () => Date;
}

/** The enrichment, as the exactly-once processor runs it: raw records of one partition → enriched, latest, DLQ. */
export function enrichmentTransform(
  deps: EnrichmentTransformDeps,
): Transform<SymbolState, EnrichOutput> {
  const { topics, metrics } = deps;
  const now = () => deps.now().toISOString();
  return {
    begin: () => emptyOutput(),
    apply(out, records, states, partition) {
      enrichRecords(
        {
          topic: topics.raw.name,
          partition,
          states,
          actions: deps.actions(),
          config: deps.config,
          now,
        },
        records,
        out,
      );
    },
    end: (out) => ({
      topics: [
        { topic: topics.enriched.name, records: out.enriched },
        { topic: topics.latest.name, records: [...out.latest.values()] },
        { topic: topics.dlq.name, records: out.dlq },
      ],
      changedKeys: out.changed,
    }),
    committed(out, committedAt) {
      metrics.recordsIn.inc(out.counts.in);
      metrics.duplicates.inc(out.counts.duplicates);
      metrics.ignored.inc(out.counts.ignored);
      metrics.dlq.inc(out.counts.dlq);
      metrics.recordsOut.inc({ output: 'enriched' }, out.enriched.length);
      metrics.recordsOut.inc({ output: 'latest' }, out.latest.size);
      metrics.recordsOut.inc({ output: 'dlq' }, out.dlq.length);
      for (const ts of out.sourceTimestamps)
        metrics.endToEndSeconds.observe(Math.max(0, committedAt - ts) / 1000);
    },
  };
}
