import type { Issue } from './result.js';

export const DLQ_SCHEMA = 'marketfeed.dlq.v1';
export type DlqStage = 'ingestor' | 'enricher' | 'opensearch-sink';
export const DLQ_STAGES: readonly DlqStage[] = ['ingestor', 'enricher', 'opensearch-sink'];

export type DlqSource = {
  topic: string | null;
  partition: number | null;
  offset: string | null;
  key: string | null;
};

/** Value of a record on the DLQ topic: the rejected record, why, and where it came from. */
export type DlqEnvelope = {
  schema: typeof DLQ_SCHEMA;
  stage: DlqStage;
  reason: string;
  issues: Issue[];
  source: DlqSource;
  /** The original bytes as UTF-8 text, or base64 when they are not valid UTF-8 (see payloadEncoding). */
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  at: string;
};

/** Kafka header names the DLQ record carries, so operators can filter without parsing values. */
export const DLQ_HEADERS = {
  reason: 'x-marketfeed-reason',
  stage: 'x-marketfeed-stage',
  sourceTopic: 'x-marketfeed-source-topic',
  sourcePartition: 'x-marketfeed-source-partition',
  sourceOffset: 'x-marketfeed-source-offset',
} as const;

export type DlqEnvelopeArgs = {
  stage: DlqStage;
  reason: string;
  issues?: readonly Issue[];
  source?: Partial<DlqSource>;
  /** The rejected record's value as received; `null` for a tombstone. */
  payload: Uint8Array | string | null;
  /** ISO-8601 UTC; supplied by the caller so this stays pure and deterministic. */
  at: string;
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${B64[(n >> 18) & 63]!}${B64[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${B64[(n >> 18) & 63]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
  }
  return out;
}

/** Pure builder for a DLQ record value; never throws, whatever the payload bytes are. */
export function dlqEnvelope(args: DlqEnvelopeArgs): DlqEnvelope {
  let payload = '';
  let payloadEncoding: 'utf8' | 'base64' = 'utf8';
  if (typeof args.payload === 'string') payload = args.payload;
  else if (args.payload !== null) {
    try {
      payload = strictUtf8.decode(args.payload);
    } catch {
      payload = toBase64(args.payload);
      payloadEncoding = 'base64';
    }
  }
  return {
    schema: DLQ_SCHEMA,
    stage: args.stage,
    reason: args.reason,
    issues: args.issues ? args.issues.map((i) => ({ path: i.path, reason: i.reason })) : [],
    source: {
      topic: args.source?.topic ?? null,
      partition: args.source?.partition ?? null,
      offset: args.source?.offset ?? null,
      key: args.source?.key ?? null,
    },
    payload,
    payloadEncoding,
    at: args.at,
  };
}

/** The reason plus the first issues, short enough for a Kafka header. */
export function dlqReasonHeader(reason: string, issues: readonly Issue[] = []): string {
  const detail = issues
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}: ${i.reason}` : i.reason))
    .join('; ');
  const s = detail ? `${reason}: ${detail}` : reason;
  return s.length > 512 ? `${s.slice(0, 511)}…` : s;
}
