export interface StackTopic {
  name: string;
  numPartitions: number;
  configEntries: Record<string, string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The feed's topics as the stack creates them. The canonical catalog is `topicCatalog()` in
 * @marketfeed/kafka; it is mirrored here (and a unit test fails on any drift) because the stack
 * CLI runs from source with tsx on a fresh clone, before any workspace has been built.
 */
export function stackTopics(prefix = 'marketfeed', partitions = 6): StackTopic[] {
  const compacted = { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' };
  return [
    {
      name: `${prefix}.raw`,
      numPartitions: partitions,
      configEntries: { 'retention.ms': String(7 * DAY_MS) },
    },
    {
      name: `${prefix}.enriched`,
      numPartitions: partitions,
      configEntries: { 'retention.ms': String(7 * DAY_MS) },
    },
    { name: `${prefix}.latest`, numPartitions: partitions, configEntries: compacted },
    { name: `${prefix}.corporate-actions`, numPartitions: 1, configEntries: compacted },
    { name: `${prefix}.enricher-state`, numPartitions: partitions, configEntries: compacted },
    {
      name: `${prefix}.dlq`,
      numPartitions: 3,
      configEntries: { 'retention.ms': String(30 * DAY_MS) },
    },
  ];
}

export function topicNames(prefix: string) {
  return {
    raw: `${prefix}.raw`,
    enriched: `${prefix}.enriched`,
    latest: `${prefix}.latest`,
    corporateActions: `${prefix}.corporate-actions`,
    enricherState: `${prefix}.enricher-state`,
    dlq: `${prefix}.dlq`,
  };
}
