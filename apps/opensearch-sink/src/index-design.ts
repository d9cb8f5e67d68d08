import type { IndexSettings } from './config.js';
import type { IndexNames } from './documents.js';

const DOUBLE = { type: 'double' } as const;
const LONG = { type: 'long' } as const;
const KEYWORD = { type: 'keyword' } as const;

/**
 * Strict mappings for the enriched bar v1: an unknown field is a rejected document (DLQ), never
 * a silently widened mapping. `timestamp` is the time field dashboards use.
 */
export const BAR_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    schema: KEYWORD,
    symbol: KEYWORD,
    timestamp: { type: 'date', format: 'strict_date_optional_time' },
    open: DOUBLE,
    high: DOUBLE,
    low: DOUBLE,
    close: DOUBLE,
    volume: LONG,
    vwap: DOUBLE,
    tradeCount: LONG,
    revision: LONG,
    seq: LONG,
    sessionDate: { type: 'date', format: 'strict_date' },
    session: KEYWORD,
    prevClose: DOUBLE,
    prevCloseDate: { type: 'date', format: 'strict_date' },
    change: DOUBLE,
    changePct: DOUBLE,
    indicator: KEYWORD,
    smaFast: DOUBLE,
    smaSlow: DOUBLE,
    ema12: DOUBLE,
    ema26: DOUBLE,
    rsi14: DOUBLE,
    vwapSession: DOUBLE,
    signals: KEYWORD,
    splitAdjusted: { type: 'boolean' },
  },
} as const;

/**
 * Composable index template for the monthly indices. Priority is high so a broader template
 * (`*`) never shadows it; the read alias is attached to every index the template creates.
 */
export function barsIndexTemplate(names: IndexNames, settings: IndexSettings) {
  return {
    index_patterns: [names.pattern],
    priority: 200,
    template: {
      settings: {
        number_of_shards: settings.shards,
        number_of_replicas: settings.replicas,
        refresh_interval: settings.refreshInterval,
      },
      mappings: BAR_MAPPINGS,
      aliases: { [names.readAlias]: {} },
    },
    _meta: { managed_by: 'marketfeed-opensearch-sink', schema: 'marketfeed.enriched-bar.v1' },
  };
}

/**
 * ISM retention: delete an index `retentionDays` after it was created. The `ism_template`
 * attaches the policy to every new monthly index, so no per-index call is needed.
 */
export function retentionPolicy(names: IndexNames, retentionDays: number) {
  return {
    policy: {
      description: `marketfeed bars: delete indices ${retentionDays} days after creation`,
      default_state: 'hot',
      states: [
        {
          name: 'hot',
          actions: [],
          transitions: [
            { state_name: 'delete', conditions: { min_index_age: `${retentionDays}d` } },
          ],
        },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: [names.pattern], priority: 100 }],
    },
  };
}
