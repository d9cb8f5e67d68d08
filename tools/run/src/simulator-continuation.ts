import { nextTradingDay } from '@marketfeed/indicators';
import type { EnrichedBarV1 } from '@marketfeed/schema';

/**
 * Where a new simulator run should start so it continues the feed instead of repeating it:
 * the simulator is deterministic from its start date, so a second `npm start` on the same date
 * would only produce bars the enricher drops as duplicates. Undefined when the feed is empty
 * (the simulator's own default then applies).
 */
export function continuationStartDate(snapshot: Iterable<EnrichedBarV1>): string | undefined {
  let last: string | undefined;
  for (const bar of snapshot)
    if (last === undefined || bar.sessionDate > last) last = bar.sessionDate;
  return last === undefined ? undefined : nextTradingDay(last);
}

/**
 * SIMULATOR_START_PRICES for a continued run: each symbol's last published close, so the new
 * session opens where the feed left off instead of jumping back to the seeded prices (which
 * would show as fake Bullish/Bearish moves against prevClose). Format `SYMBOL=price,...`, as
 * the ingestor's simulator reads it.
 */
export function continuationStartPrices(snapshot: Iterable<EnrichedBarV1>): string | undefined {
  const last = new Map<string, EnrichedBarV1>();
  for (const bar of snapshot) {
    const seen = last.get(bar.symbol);
    if (!seen || bar.timestamp > seen.timestamp) last.set(bar.symbol, bar);
  }
  if (last.size === 0) return undefined;
  return [...last.keys()]
    .sort()
    .map((s) => `${s}=${last.get(s)!.close}`)
    .join(',');
}
