import { errors, type Client } from '@opensearch-project/opensearch';
import type { BulkItemResult, RequestFailure } from './bulk-outcome.js';

export type BulkResult =
  { ok: true; items: BulkItemResult[] } | { ok: false; failure: RequestFailure };

export interface SymbolAliasEntry {
  index: string;
  alias: string;
  /** The symbol the alias filters on, when it is one of ours (`term: {symbol}`). */
  symbol: string | undefined;
}

/** What the sink needs from OpenSearch, with client errors turned into values. */
export interface OpenSearchGateway {
  /** Aborting `signal` abandons the request: its documents may or may not have been applied. */
  bulk(ndjson: string, signal?: AbortSignal): Promise<BulkResult>;
  ping(): Promise<boolean>;
  putIndexTemplate(name: string, body: object): Promise<void>;
  /** Creates an index (the template supplies settings, mappings and the read alias). */
  createIndex(name: string): Promise<'created' | 'exists'>;
  addSymbolAliases(
    entries: readonly { index: string; alias: string; symbol: string }[],
  ): Promise<void>;
  listAliases(indexPattern: string): Promise<SymbolAliasEntry[]>;
  /** Top-level field mappings of every index matching the pattern, by index. */
  getFieldMappings(
    indexPattern: string,
  ): Promise<Record<string, Record<string, { type?: string }>>>;
  /** Adds fields to the mappings of every index matching the pattern. */
  putFieldMappings(indexPattern: string, properties: Record<string, object>): Promise<void>;
  /** False when the cluster has no Index State Management plugin. */
  ismAvailable(): Promise<boolean>;
  putIsmPolicy(id: string, body: { policy: object }): Promise<'created' | 'updated' | 'unchanged'>;
}

const ABORTED: RequestFailure = { status: null, message: 'RequestAbortedError: aborted' };

/** Thrown by admin calls; `failure.status === null` means OpenSearch was unreachable. */
export class OpenSearchRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly failure: RequestFailure,
  ) {
    super(`${operation} failed: ${failure.status ?? 'no response'} ${failure.message}`);
    this.name = 'OpenSearchRequestError';
  }
}

export function toRequestFailure(err: unknown): RequestFailure {
  if (err instanceof errors.ResponseError) {
    const body = err.body as { error?: { type?: string; reason?: string } | string } | undefined;
    const e = body?.error;
    const message =
      typeof e === 'string' ? e : e ? `${e.type ?? 'error'}: ${e.reason ?? ''}` : err.message;
    return { status: err.statusCode ?? null, message };
  }
  if (err instanceof errors.TimeoutError)
    return { status: null, message: `${err.name}: ${err.message}`, timedOut: true };
  if (
    err instanceof errors.ConnectionError ||
    err instanceof errors.NoLivingConnectionsError ||
    err instanceof errors.RequestAbortedError
  )
    return { status: null, message: `${err.name}: ${err.message}` };
  // Anything else (serialisation, configuration) is a bug: let it surface.
  throw err;
}

function errorType(err: unknown): string | undefined {
  if (!(err instanceof errors.ResponseError)) return undefined;
  const e = (err.body as { error?: { type?: string } } | undefined)?.error;
  return typeof e === 'object' ? e.type : undefined;
}

async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new OpenSearchRequestError(operation, toRequestFailure(err));
  }
}

/** Deep equality on JSON-shaped values, for "is the stored ISM policy already ours?". */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const POLICY_FIELDS = ['description', 'default_state', 'states', 'ism_template'] as const;

export function createOpenSearchGateway(client: Client): OpenSearchGateway {
  return {
    async bulk(ndjson, signal) {
      if (signal?.aborted) return { ok: false, failure: ABORTED };
      // A pre-serialised NDJSON string is sent as is (the client only serialises arrays).
      const request = client.bulk({ body: ndjson as unknown as object[] });
      // The client's promise has abort() but takes no AbortSignal; an aborted request also stops
      // holding the connection, which client.close() would otherwise wait for. The listener must
      // not return abort()'s thenable: EventTarget rethrows a listener's rejected promise
      // as an uncaught exception.
      const abort = (): void => {
        request.abort();
      };
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const res = await request;
        return {
          ok: true,
          items: (res.body.items ?? []).map(
            (i) => (i.index ?? i.create ?? i.update) as BulkItemResult,
          ),
        };
      } catch (err) {
        return { ok: false, failure: toRequestFailure(err) };
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },

    async ping() {
      try {
        await client.ping();
        return true;
      } catch {
        return false;
      }
    },

    async putIndexTemplate(name, body) {
      await call('put index template', () =>
        client.indices.putIndexTemplate({ name, body: body as never }),
      );
    },

    async getFieldMappings(indexPattern) {
      const res = await call('get mappings', () =>
        client.indices.getMapping({
          index: indexPattern,
          allow_no_indices: true,
          ignore_unavailable: true,
        }),
      );
      const body = res.body as Record<
        string,
        { mappings?: { properties?: Record<string, { type?: string }> } }
      >;
      return Object.fromEntries(
        Object.entries(body).map(([index, m]) => [index, m.mappings?.properties ?? {}]),
      );
    },

    async putFieldMappings(indexPattern, properties) {
      await call('put mappings', () =>
        client.indices.putMapping({ index: indexPattern, body: { properties } as never }),
      );
    },

    async createIndex(name) {
      try {
        await client.indices.create({ index: name });
        return 'created';
      } catch (err) {
        // Another instance (or an earlier run) created it first: the same template applied.
        if (errorType(err) === 'resource_already_exists_exception') return 'exists';
        throw new OpenSearchRequestError(`create index ${name}`, toRequestFailure(err));
      }
    },

    async addSymbolAliases(entries) {
      if (entries.length === 0) return;
      await call('update aliases', () =>
        client.indices.updateAliases({
          body: {
            actions: entries.map((e) => ({
              add: { index: e.index, alias: e.alias, filter: { term: { symbol: e.symbol } } },
            })),
          },
        }),
      );
    },

    async listAliases(indexPattern) {
      const res = await call('get aliases', () =>
        client.indices.getAlias({ index: indexPattern, allow_no_indices: true }),
      );
      const out: SymbolAliasEntry[] = [];
      const body = res.body as Record<string, { aliases?: Record<string, { filter?: unknown }> }>;
      for (const [index, { aliases }] of Object.entries(body)) {
        for (const [alias, def] of Object.entries(aliases ?? {})) {
          const symbol = (def.filter as { term?: { symbol?: unknown } } | undefined)?.term?.symbol;
          const value =
            typeof symbol === 'object' && symbol !== null
              ? (symbol as { value?: unknown }).value
              : symbol;
          out.push({ index, alias, symbol: typeof value === 'string' ? value : undefined });
        }
      }
      return out;
    },

    async ismAvailable() {
      try {
        await client.transport.request({
          method: 'GET',
          path: '/_plugins/_ism/policies',
          querystring: { size: 1 },
        });
        return true;
      } catch (err) {
        const failure = toRequestFailure(err);
        // Without the plugin the route does not exist: 400 "no handler found for uri".
        if (
          failure.status === 404 ||
          (failure.status === 400 && /no handler found/i.test(failure.message))
        )
          return false;
        throw new OpenSearchRequestError('probe ISM plugin', failure);
      }
    },

    async putIsmPolicy(id, body) {
      let existing:
        { _seq_no?: number; _primary_term?: number; policy?: Record<string, unknown> } | undefined;
      try {
        const res = await client.transport.request({
          method: 'GET',
          path: `/_plugins/_ism/policies/${encodeURIComponent(id)}`,
        });
        existing = res.body as typeof existing;
      } catch (err) {
        const failure = toRequestFailure(err);
        if (failure.status !== 404) throw new OpenSearchRequestError('get ISM policy', failure);
      }
      const wanted = body.policy as Record<string, unknown>;
      if (
        existing?.policy &&
        POLICY_FIELDS.every((f) =>
          sameJson(stripIsmDefaults(existing.policy?.[f]), stripIsmDefaults(wanted[f])),
        )
      )
        return 'unchanged';
      await call('put ISM policy', () =>
        client.transport.request({
          method: 'PUT',
          path: `/_plugins/_ism/policies/${encodeURIComponent(id)}`,
          querystring:
            existing?._seq_no !== undefined
              ? { if_seq_no: existing._seq_no, if_primary_term: existing._primary_term }
              : {},
          body,
        }),
      );
      return existing ? 'updated' : 'created';
    },
  };
}

/**
 * ISM echoes policies back with server-side defaults (`retry`, `last_updated_time`, ...); compare
 * only the fields we set so an unchanged policy is not rewritten on every start.
 */
function stripIsmDefaults(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripIsmDefaults);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (k === 'retry' || k === 'last_updated_time' || k === 'schema_version') continue;
    out[k] = stripIsmDefaults(val);
  }
  return out;
}
