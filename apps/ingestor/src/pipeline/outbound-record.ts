import {
  DLQ_HEADERS,
  corporateActionKey,
  dlqEnvelope,
  dlqReasonHeader,
  validateRawEvent,
  type CorporateAction,
  type Issue,
  type RawEvent,
} from '@marketfeed/schema';

/** Which topic of the catalog a record goes to. */
export type OutboundRole = 'raw' | 'corporateActions' | 'dlq';

/** A record on its way to Kafka, with what the metrics need to know about it. */
export type OutboundRecord = {
  role: OutboundRole;
  key: string | null;
  value: string;
  headers?: Record<string, string>;
  /** Metric label: the raw event type (b, u, d, s, t, q), the corporate action type, or `invalid`. */
  type: string;
  receivedAtMs: number;
};

/** Where a rejected input came from, for the DLQ record (e.g. `replay:/data/day.jsonl:17`). */
export const ORIGIN_HEADER = 'x-marketfeed-origin';

/** `text`, when given, is the event's JSON exactly as received, published as is. */
export function rawEventRecord(
  event: RawEvent,
  receivedAtMs: number,
  text?: string,
): OutboundRecord {
  return {
    role: 'raw',
    key: event.S,
    value: text ?? JSON.stringify(event),
    type: event.T,
    receivedAtMs,
  };
}

export function corporateActionRecord(
  action: CorporateAction,
  receivedAtMs: number,
): OutboundRecord {
  return {
    role: 'corporateActions',
    key: corporateActionKey(action),
    value: JSON.stringify(action),
    type: action.type,
    receivedAtMs,
  };
}

function symbolOf(value: unknown): string | null {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const s =
      (value as { S?: unknown; symbol?: unknown }).S ?? (value as { symbol?: unknown }).symbol;
    if (typeof s === 'string' && s.length > 0 && s.length <= 256) return s;
  }
  return null;
}

export type DlqArgs = {
  reason: string;
  issues: readonly Issue[];
  /** The input as received: its text when there is one, else the decoded value. */
  payload: string | Uint8Array | unknown;
  origin: string;
  nowMs: number;
  /** The record's symbol if known; else taken from the payload when it is an object with `S`. */
  key?: string | null;
};

/** A DLQ record: the schema's envelope, keyed by the original symbol when there is one. */
export function dlqRecord(args: DlqArgs): OutboundRecord {
  const payload =
    typeof args.payload === 'string' || args.payload instanceof Uint8Array
      ? args.payload
      : (JSON.stringify(args.payload) ?? 'undefined');
  const key =
    args.key ??
    (typeof args.payload === 'string' ? symbolFromText(args.payload) : symbolOf(args.payload));
  const envelope = dlqEnvelope({
    stage: 'ingestor',
    reason: args.reason,
    issues: args.issues,
    source: { key },
    payload,
    at: new Date(args.nowMs).toISOString(),
  });
  return {
    role: 'dlq',
    key,
    value: JSON.stringify(envelope),
    headers: {
      [DLQ_HEADERS.reason]: dlqReasonHeader(args.reason, args.issues),
      [DLQ_HEADERS.stage]: 'ingestor',
      [ORIGIN_HEADER]: args.origin,
    },
    type: 'invalid',
    receivedAtMs: args.nowMs,
  };
}

function symbolFromText(text: string): string | null {
  try {
    return symbolOf(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Validates one decoded input: a raw record when it is a valid event, else a DLQ record with the reasons. */
export function recordForInput(
  value: unknown,
  origin: string,
  nowMs: number,
  text?: string,
): OutboundRecord {
  const result = validateRawEvent(value);
  if (result.ok) return rawEventRecord(result.value, nowMs, text);
  return dlqRecord({
    reason: 'invalid raw event',
    issues: result.issues,
    payload: text ?? value,
    origin,
    nowMs,
    key: symbolOf(value),
  });
}
