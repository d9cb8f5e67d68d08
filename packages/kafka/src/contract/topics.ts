export interface TopicSpec {
  name: string;
  numPartitions: number;
  configEntries: Record<string, string>;
}

export interface TopicCatalog {
  raw: TopicSpec;
  enriched: TopicSpec;
  latest: TopicSpec;
  corporateActions: TopicSpec;
  enricherState: TopicSpec;
  dlq: TopicSpec;
}

export const TOPIC_ROLES = [
  'raw',
  'enriched',
  'latest',
  'corporateActions',
  'enricherState',
  'dlq',
] as const;
export type TopicRole = (typeof TOPIC_ROLES)[number];

/** Each role's topic name is `<prefix>.<suffix>`; the suffixes are part of the published contract. */
export const TOPIC_SUFFIXES: Readonly<Record<TopicRole, string>> = {
  raw: 'raw',
  enriched: 'enriched',
  latest: 'latest',
  corporateActions: 'corporate-actions',
  enricherState: 'enricher-state',
  dlq: 'dlq',
};

export const DEFAULT_TOPIC_PREFIX = 'marketfeed';
export const DEFAULT_TOPIC_PARTITIONS = 6;

const DAY_MS = 24 * 60 * 60 * 1000;

export function topicName(prefix: string, role: TopicRole): string {
  return `${prefix}.${TOPIC_SUFFIXES[role]}`;
}

export function topicNames(prefix: string): Record<TopicRole, string> {
  return Object.fromEntries(TOPIC_ROLES.map((r) => [r, topicName(prefix, r)])) as Record<
    TopicRole,
    string
  >;
}

/**
 * The topic catalog. raw, enriched, latest and enricher-state share one partition count on
 * purpose: the enricher restores a raw partition's state from the same-numbered changelog
 * partition, which only holds while both are keyed by symbol with equal partition counts.
 */
export function topicCatalog(
  prefix = DEFAULT_TOPIC_PREFIX,
  partitions = DEFAULT_TOPIC_PARTITIONS,
): TopicCatalog {
  const compacted = { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' };
  const retention = (days: number) => ({ 'retention.ms': String(days * DAY_MS) });
  const spec = (role: TopicRole, numPartitions: number, configEntries: Record<string, string>) => ({
    name: topicName(prefix, role),
    numPartitions,
    configEntries,
  });
  return {
    raw: spec('raw', partitions, retention(7)),
    enriched: spec('enriched', partitions, retention(7)),
    latest: spec('latest', partitions, compacted),
    // Corporate actions are few and every enricher instance reads all of them.
    corporateActions: spec('corporateActions', 1, compacted),
    enricherState: spec('enricherState', partitions, compacted),
    dlq: spec('dlq', 3, retention(30)),
  };
}

export function catalogTopics(catalog: TopicCatalog): TopicSpec[] {
  return TOPIC_ROLES.map((r) => catalog[r]);
}
