import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicSpec } from './contract/topics.js';

/**
 * Creates missing topics (idempotent) with the catalog's partitions and configs, and resolves
 * once every partition of `specs` has a leader. Existing topics are left as they are;
 * `feedctl topics apply` is the tool that diffs and grows partitions/configs.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  replicationFactor = -1,
  leaderTimeoutMs = 30_000,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0) {
    const topics: ITopicConfig[] = missing.map((s) => ({
      topic: s.name,
      numPartitions: s.numPartitions,
      replicationFactor,
      configEntries: Object.entries(s.configEntries).map(([name, value]) => ({ name, value })),
    }));
    // Not waitForLeaders: under load kafkajs can surface a transient UNKNOWN_TOPIC_OR_PARTITION
    // from that wait as an uncaught error; leaders are awaited below with bounded polling.
    await admin.createTopics({ topics, waitForLeaders: false });
  }
  await waitForLeaders(
    admin,
    specs.map((s) => s.name),
    leaderTimeoutMs,
  );
  return missing.map((s) => s.name);
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const meta = await admin.fetchTopicMetadata({ topics }).catch(() => undefined);
    const ready = meta?.topics.every(
      (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
    );
    if (ready) return;
    if (Date.now() > deadline)
      throw new Error(`no leaders for ${topics.join(', ')} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
