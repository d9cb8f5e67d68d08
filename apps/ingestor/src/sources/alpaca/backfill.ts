import { TimeFrame } from '@alpacahq/alpaca-trade-api';
import type { RawBar } from '@marketfeed/schema';
import { createAlpacaRestClient } from './rest-client.js';
import { barToRaw, type SdkBar } from './to-raw-event.js';

/** Historical minute bars for a gap, in Alpaca's raw form, oldest first. */
export type BackfillClient = {
  minuteBars(symbols: readonly string[], startMs: number, endMs: number): Promise<RawBar[]>;
};

export type BackfillClientOptions = {
  keyId: string;
  secret: string;
  feed: 'iex' | 'sip' | 'delayed_sip';
  /** Replaces https://data.alpaca.markets (a proxy, or a local server in tests). */
  dataUrl: string | undefined;
};

/** Backfill through the SDK's market-data REST client (see `createAlpacaRestClient`). */
export function createAlpacaBackfillClient(opts: BackfillClientOptions): BackfillClient {
  const alpaca = createAlpacaRestClient(opts);
  // The historical API has no delayed_sip feed: SIP history older than 15 minutes is free.
  const feed = opts.feed === 'iex' ? 'iex' : 'sip';
  return {
    async minuteBars(symbols, startMs, endMs) {
      if (symbols.length === 0 || endMs <= startMs) return [];
      const bySymbol = await alpaca.marketData.getStockBars({
        symbols: [...symbols],
        timeframe: TimeFrame.Minute,
        start: new Date(startMs),
        end: new Date(endMs),
        feed,
        limit: 10_000,
      });
      const out: RawBar[] = [];
      for (const [symbol, bars] of Object.entries(bySymbol)) {
        for (const bar of bars) out.push(barToRaw('b', bar as SdkBar, symbol));
      }
      return out.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
    },
  };
}
