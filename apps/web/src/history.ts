import { Client } from '@opensearch-project/opensearch';
import { symbolAlias, type EnrichedBarV1 } from '@marketfeed/schema';

/** A symbol's stored bars, oldest first. */
export interface HistoryReader {
  bars(symbol: string, range: { from: Date; to: Date }): Promise<EnrichedBarV1[]>;
  close(): Promise<void>;
}

/** The search body: the range on the bar's start time, oldest first. */
export function historyQuery(range: { from: Date; to: Date }, size: number) {
  return {
    size,
    sort: [{ timestamp: { order: 'asc' } }],
    query: {
      range: {
        timestamp: { gte: range.from.toISOString(), lte: range.to.toISOString() },
      },
    },
  };
}

export interface OpenSearchHistoryOptions {
  url: string;
  auth: { username: string; password: string } | undefined;
  indexPrefix: string;
  maxBars: number;
  requestTimeoutMs: number;
}

/** Reads history through the per-symbol alias only: the web app never writes to OpenSearch. */
export function createOpenSearchHistory(options: OpenSearchHistoryOptions): HistoryReader {
  const client = new Client({
    node: options.url,
    requestTimeout: options.requestTimeoutMs,
    maxRetries: 1,
    ...(options.auth ? { auth: options.auth } : {}),
  });
  return {
    async bars(symbol, range) {
      const index = symbolAlias(options.indexPrefix, symbol);
      // A symbol the sink keeps no alias for has no history to show.
      if (index === undefined) return [];
      try {
        const res = await client.search({
          index,
          body: historyQuery(range, options.maxBars) as never,
        });
        return res.body.hits.hits.map((h) => h._source as unknown as EnrichedBarV1);
      } catch (err) {
        // No alias yet: the sink has not indexed this symbol, which is an empty history.
        if ((err as { statusCode?: number }).statusCode === 404) return [];
        throw err;
      }
    },
    close: () => client.close(),
  };
}
