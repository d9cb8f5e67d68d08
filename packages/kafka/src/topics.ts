import type { Admin, ITopicConfig } from 'kafkajs';

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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The topic catalog. raw, enriched, latest and enricher-state share one partition count on
 * purpose: the enricher restores a raw partition's state from the same-numbered changelog
 * partition, which only holds while both are keyed by symbol with equal partition counts.
 */
export function topicCatalog(prefix = 'marketfeed', partitions = 6): TopicCatalog {
  const compacted = { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' };
  return {
    raw: {
      name: `${prefix}.raw`,
      numPartitions: partitions,
      configEntries: { 'retention.ms': String(7 * DAY_MS) },
    },
    enriched: {
      name: `${prefix}.enriched`,
      numPartitions: partitions,
      configEntries: { 'retention.ms': String(7 * DAY_MS) },
    },
    latest: { name: `${prefix}.latest`, numPartitions: partitions, configEntries: compacted },
    corporateActions: {
      name: `${prefix}.corporate-actions`,
      numPartitions: 1,
      configEntries: compacted,
    },
    enricherState: {
      name: `${prefix}.enricher-state`,
      numPartitions: partitions,
      configEntries: compacted,
    },
    dlq: {
      name: `${prefix}.dlq`,
      numPartitions: 3,
      configEntries: { 'retention.ms': String(30 * DAY_MS) },
    },
  };
}

export function catalogTopics(catalog: TopicCatalog): TopicSpec[] {
  return TOPIC_ROLES.map((r) => catalog[r]);
}

/**
 * Creates missing topics (idempotent). Existing topics are left as they are; `feedctl topics
 * apply` is the tool that diffs and grows partitions/configs.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  replicationFactor = -1,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length === 0) return [];
  const topics: ITopicConfig[] = missing.map((s) => ({
    topic: s.name,
    numPartitions: s.numPartitions,
    replicationFactor,
    configEntries: Object.entries(s.configEntries).map(([name, value]) => ({ name, value })),
  }));
  await admin.createTopics({ topics, waitForLeaders: true });
  return missing.map((s) => s.name);
}
