import kafkajs, { type Admin } from 'kafkajs';
import type { TopicSpec } from '@marketfeed/kafka';
import { mergedOverrides, planTopics, type ActualTopic, type TopicPlan } from './topics-plan.js';

const { ConfigResourceTypes, ConfigSource } = kafkajs;

export async function readActualTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
): Promise<Map<string, ActualTopic>> {
  const existing = new Set(await admin.listTopics());
  const names = specs.map((s) => s.name).filter((n) => existing.has(n));
  const actual = new Map<string, ActualTopic>();
  if (names.length === 0) return actual;
  const [meta, configs] = await Promise.all([
    admin.fetchTopicMetadata({ topics: names }),
    admin.describeConfigs({
      resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
      includeSynonyms: false,
    }),
  ]);
  for (const t of meta.topics)
    actual.set(t.name, {
      name: t.name,
      partitions: t.partitions.length,
      configs: {},
      overrides: {},
    });
  for (const r of configs.resources) {
    const topic = actual.get(r.resourceName);
    if (!topic) continue;
    for (const e of r.configEntries) {
      topic.configs[e.configName] = e.configValue;
      if (e.configSource === ConfigSource.TOPIC_CONFIG)
        topic.overrides[e.configName] = e.configValue;
    }
  }
  return actual;
}

export async function planCatalog(
  admin: Admin,
  specs: readonly TopicSpec[],
): Promise<{ plan: TopicPlan; actual: Map<string, ActualTopic> }> {
  const actual = await readActualTopics(admin, specs);
  return { plan: planTopics(specs, actual), actual };
}

/** Applies a plan: create, then grow, then configs (one AlterConfigs per topic with its full override set). */
export async function applyTopicPlan(
  admin: Admin,
  plan: TopicPlan,
  actual: ReadonlyMap<string, ActualTopic>,
  replicationFactor = -1,
): Promise<void> {
  const creates = plan.changes.flatMap((c) => (c.kind === 'create' ? [c.spec] : []));
  if (creates.length > 0)
    await admin.createTopics({
      waitForLeaders: true,
      topics: creates.map((s) => ({
        topic: s.name,
        numPartitions: s.numPartitions,
        replicationFactor,
        configEntries: Object.entries(s.configEntries).map(([name, value]) => ({ name, value })),
      })),
    });
  const grows = plan.changes.flatMap((c) =>
    c.kind === 'grow' ? [{ topic: c.topic, count: c.to }] : [],
  );
  if (grows.length > 0) await admin.createPartitions({ topicPartitions: grows });
  const configTopics = [
    ...new Set(plan.changes.flatMap((c) => (c.kind === 'config' ? [c.topic] : []))),
  ];
  for (const topic of configTopics) {
    const merged = mergedOverrides(actual.get(topic)?.overrides ?? {}, plan.changes, topic);
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: Object.entries(merged).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  }
}
