import { ENRICHED_BAR_FIELDS, symbolAlias, type EnrichedBarV1 } from '@marketfeed/schema';

/**
 * Index naming. Everything the sink creates starts with `<prefix>-`, so one prefix is one
 * deployment's whole footprint (and `DELETE <prefix>-*` removes it).
 */
export interface IndexNames {
  /** Read alias over every monthly index (added by the index template). */
  readAlias: string;
  /** Glob of the monthly indices. */
  pattern: string;
  template: string;
  ismPolicy: string;
  /** Monthly index of a bar: the bar's own month, so an `_id` always maps to one index. */
  monthly(timestamp: string): string;
  /**
   * Filtered alias showing one symbol, e.g. `marketfeed-amzn`; `undefined` when the name would
   * collide with the bars namespace (a symbol literally called BARS).
   */
  symbolAlias(symbol: string): string | undefined;
  /** Glob of every possible symbol alias; only filtered aliases with a symbol term are ours. */
  symbolAliasPattern: string;
}

export function indexNames(prefix: string): IndexNames {
  const bars = `${prefix}-bars`;
  return {
    readAlias: bars,
    pattern: `${bars}-*`,
    template: bars,
    ismPolicy: `${bars}-retention`,
    // `YYYY-MM` of an ISO timestamp is the UTC month: bars are keyed by UTC start time.
    monthly: (timestamp) => `${bars}-${timestamp.slice(0, 4)}.${timestamp.slice(5, 7)}`,
    symbolAlias: (symbol) => symbolAlias(prefix, symbol),
    symbolAliasPattern: `${prefix}-*`,
  };
}

/** Deterministic document id: one document per bar whatever its revision. */
export function documentId(bar: Pick<EnrichedBarV1, 'symbol' | 'timestamp'>): string {
  return `${bar.symbol}:${bar.timestamp}`;
}

/** Fields stored in OpenSearch: exactly the mapped ones, in mapping order (the schema's field list). */
export const DOCUMENT_FIELDS = ENRICHED_BAR_FIELDS;

export type BarDocument = Pick<EnrichedBarV1, (typeof DOCUMENT_FIELDS)[number]>;

/**
 * Projects a bar onto the mapped fields. The v1 contract allows additive fields; copying only
 * the mapped ones keeps a newer enricher from turning every record into a strict-mapping
 * rejection before the sink learns the new field.
 */
export function toDocument(bar: EnrichedBarV1): BarDocument {
  const doc: Record<string, unknown> = {};
  for (const field of DOCUMENT_FIELDS) doc[field] = bar[field];
  return doc as BarDocument;
}

/** One bulk `index` operation, already serialised: the unit the batcher sizes and sends. */
export interface BulkOperation {
  index: string;
  id: string;
  /** Action line + document line, each newline-terminated. */
  ndjson: string;
  bytes: number;
}

/**
 * `version_type: external` with version = revision: OpenSearch writes only when the revision is
 * strictly greater than the stored one. A replay of the same revision and a late older revision
 * both answer 409, which the sink counts as success, so neither rewrites the document.
 * (`external_gte` would rewrite on an equal revision: not a no-op.)
 */
export function bulkOperation(bar: EnrichedBarV1, names: IndexNames): BulkOperation {
  const index = names.monthly(bar.timestamp);
  const id = documentId(bar);
  const action = {
    index: { _index: index, _id: id, version: bar.revision, version_type: 'external' },
  };
  const ndjson = `${JSON.stringify(action)}\n${JSON.stringify(toDocument(bar))}\n`;
  return { index, id, ndjson, bytes: Buffer.byteLength(ndjson) };
}
