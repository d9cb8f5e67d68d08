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
