/** The part of a bulk response item the sink reads. */
export interface BulkItemResult {
  status: number;
  result?: string;
  error?: {
    type?: string;
    reason?: string | null;
    caused_by?: { type?: string; reason?: string | null };
  };
}

export type ItemOutcome =
  | { kind: 'indexed' }
  /** 409 version conflict: this revision or a newer one is already indexed. */
  | { kind: 'duplicate' }
  | { kind: 'retry'; cause: string }
  | { kind: 'reject'; reason: string };

/**
 * Statuses a later attempt can succeed on: overload (429), server-side trouble (5xx), a
 * timeout, an index removed meanwhile (404), and authorisation (401/403): a missing permission
 * or a write block is the operator's to fix, and dead-lettering the feed meanwhile would turn a
 * config slip into data loss. Everything else 4xx is about the document itself.
 */
export function isRetriableStatus(status: number): boolean {
  return (
    status === 429 ||
    status >= 500 ||
    status === 408 ||
    status === 404 ||
    status === 401 ||
    status === 403
  );
}

export function describeItemError(error: BulkItemResult['error']): string {
  if (!error) return 'unknown error';
  const head = `${error.type ?? 'error'}: ${error.reason ?? ''}`.trim();
  const cause = error.caused_by;
  return cause ? `${head} (caused by ${cause.type ?? 'error'}: ${cause.reason ?? ''})` : head;
}

/** OpenSearch reports item failures inside an HTTP 200; each item is judged on its own. */
export function classifyItem(item: BulkItemResult | undefined): ItemOutcome {
  if (!item) return { kind: 'retry', cause: 'missing item in bulk response' };
  if (item.status >= 200 && item.status < 300) return { kind: 'indexed' };
  if (item.status === 409 && item.error?.type === 'version_conflict_engine_exception')
    return { kind: 'duplicate' };
  if (isRetriableStatus(item.status))
    return { kind: 'retry', cause: `${item.status} ${item.error?.type ?? 'error'}` };
  return { kind: 'reject', reason: `${item.status} ${describeItemError(item.error)}` };
}

/** A bulk request that failed as a whole (no per-item results). */
export interface RequestFailure {
  /** HTTP status, or null when no response came back (refused, reset, timeout). */
  status: number | null;
  message: string;
  /** No answer within the request timeout: OpenSearch may still apply the bulk later. */
  timedOut?: boolean;
}

export type RequestFailureAction = 'retry' | 'split' | 'reject';

export function classifyRequestFailure(failure: RequestFailure): RequestFailureAction {
  if (failure.status === null || isRetriableStatus(failure.status)) return 'retry';
  // Too large for the domain's http.max_content_length: halves will fit.
  if (failure.status === 413) return 'split';
  return 'reject';
}

/**
 * Exponential backoff with "equal jitter": half the capped delay fixed, half random, so
 * instances retrying the same outage spread out but never hammer at zero delay.
 */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const capped = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(capped / 2 + random() * (capped / 2));
}
