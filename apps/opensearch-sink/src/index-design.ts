import { ENRICHED_BAR_FIELDS, INDICATOR_FIELDS, type IndicatorField } from '@marketfeed/schema';
import type { IndexSettings } from './config.js';
import type { IndexNames } from './documents.js';

const DOUBLE = { type: 'double' } as const;
const LONG = { type: 'long' } as const;
const KEYWORD = { type: 'keyword' } as const;
const DAY = { type: 'date', format: 'strict_date' } as const;

export type FieldMapping = { type: string; format?: string };

/** The bar's own and the rules' fields; the indicator fields are all doubles, from the registry. */
const CORE_MAPPINGS = {
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
  sessionDate: DAY,
  session: KEYWORD,
  prevClose: DOUBLE,
  prevCloseDate: DAY,
  change: DOUBLE,
  changePct: DOUBLE,
  indicator: KEYWORD,
  signals: KEYWORD,
  splitAdjusted: { type: 'boolean' },
} as const satisfies Record<
  Exclude<(typeof ENRICHED_BAR_FIELDS)[number], IndicatorField>,
  FieldMapping
>;

/**
 * Strict mappings for the enriched bar v1, in field order: an unknown field is a rejected
 * document (DLQ), never a silently widened mapping. `timestamp` is the time field dashboards use.
 */
export const BAR_MAPPINGS = {
  dynamic: 'strict',
  properties: Object.fromEntries(
    ENRICHED_BAR_FIELDS.map((f) => [
      f,
      f in INDICATOR_FIELDS ? DOUBLE : CORE_MAPPINGS[f as keyof typeof CORE_MAPPINGS],
    ]),
  ) as Record<(typeof ENRICHED_BAR_FIELDS)[number], FieldMapping>,
} as const;

/** A field an existing index maps with another type than the sink would: it cannot be changed in place. */
export type MappingConflict = { index: string; field: string; existing: string; wanted: string };

/**
 * What an existing index needs to accept today's documents: the fields it lacks (added in
 * place, so they are searchable at once) and the fields whose type differs (refused).
 */
export function mappingUpdate(
  index: string,
  existing: Readonly<Record<string, { type?: string }>>,
): { add: Record<string, FieldMapping>; conflicts: MappingConflict[] } {
  const add: Record<string, FieldMapping> = {};
  const conflicts: MappingConflict[] = [];
  for (const [field, wanted] of Object.entries(BAR_MAPPINGS.properties)) {
    const had = existing[field];
    if (had === undefined) add[field] = wanted;
    else if (had.type !== wanted.type)
      conflicts.push({ index, field, existing: had.type ?? 'object', wanted: wanted.type });
  }
  return { add, conflicts };
}

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
