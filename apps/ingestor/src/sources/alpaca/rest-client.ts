import { Alpaca } from '@alpacahq/alpaca-trade-api';

export type AlpacaRestClientOptions = {
  keyId: string;
  secret: string;
  /** Replaces https://data.alpaca.markets (a proxy, or a local server in tests). */
  dataUrl: string | undefined;
};

const ALPACA_DATA_HOST = 'https://data.alpaca.markets';

/**
 * The SDK client every market-data REST call of the ingestor goes through (backfill, corporate
 * actions): it brings pagination, retries with backoff on 429/5xx and client-side rate limiting.
 * The SDK has no base-URL option for market data, so a request middleware rewrites the host
 * when ALPACA_DATA_URL is set.
 */
export function createAlpacaRestClient(opts: AlpacaRestClientOptions): Alpaca {
  const base = opts.dataUrl?.replace(/\/+$/, '');
  return new Alpaca({
    keyId: opts.keyId,
    secret: opts.secret,
    middleware: base
      ? [
          {
            pre: async (ctx) => ({
              url: ctx.url.startsWith(ALPACA_DATA_HOST)
                ? base + ctx.url.slice(ALPACA_DATA_HOST.length)
                : ctx.url,
              init: ctx.init,
            }),
          },
        ]
      : [],
  });
}
