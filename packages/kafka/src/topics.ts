import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicSpec } from './contract/topics.js';

/**
 * Creates missing topics (idempotent) with the catalog's partitions and configs. Existing topics
 * are left as they are; `feedctl topics apply` is the tool that diffs and grows partitions/configs.
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
