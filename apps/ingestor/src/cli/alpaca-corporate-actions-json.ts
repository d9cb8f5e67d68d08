import type { CorporateAction } from '@marketfeed/schema';

/** Actions -> the shape of Alpaca's `GET /v1/corporate-actions` response (what CORPORATE_ACTIONS_FILE holds). */
export function alpacaCorporateActionsJson(actions: readonly CorporateAction[]): {
  corporate_actions: Record<string, unknown[]>;
  next_page_token: null;
} {
  const lists: Record<string, unknown[]> = {
    forward_splits: [],
    reverse_splits: [],
    cash_dividends: [],
  };
  for (const a of actions) {
    const { type, ...fields } = a;
    const list =
      type === 'forward_split'
        ? 'forward_splits'
        : type === 'reverse_split'
          ? 'reverse_splits'
          : 'cash_dividends';
    lists[list]!.push(fields);
  }
  return { corporate_actions: lists, next_page_token: null };
}
