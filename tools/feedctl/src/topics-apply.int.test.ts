import kafkajs, { type Admin } from 'kafkajs';
import { catalogTopics, topicCatalog } from '@marketfeed/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, plaintextKafka, randomPrefix, stackTarget } from '../test/int-test-kit.js';
import { applyTopicPlan, planCatalog } from './topics-apply.js';

const { ConfigResourceTypes } = kafkajs;
const prefix = randomPrefix();
const target = stackTarget(prefix);
let admin: Admin;

async function topicConfig(name: string, key: string): Promise<string | undefined> {
  const res = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: [key] }],
    includeSynonyms: false,
  });
  return res.resources[0]?.configEntries.find((e) => e.configName === key)?.configValue;
}

describe('topics apply converges the cluster on the catalog, idempotently', () => {
  beforeAll(async () => {
    admin = plaintextKafka(target).admin();
    await admin.connect();
  });

  afterAll(async () => {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await admin.disconnect();
  }, 60_000);

  it('creates, then does nothing, then grows partitions and repairs drifted configs without touching other overrides', async () => {
    const small = catalogTopics(topicCatalog(prefix, 1));
    const first = await planCatalog(admin, small);
    expect(first.plan.changes.filter((c) => c.kind === 'create')).toHaveLength(6);
    await applyTopicPlan(admin, first.plan, first.actual, 1);
    expect((await planCatalog(admin, small)).plan.changes).toEqual([]);

    // Drift: someone set latest to delete-policy and added an unrelated override by hand.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: `${prefix}.latest`,
          configEntries: [
            { name: 'cleanup.policy', value: 'delete' },
            { name: 'min.compaction.lag.ms', value: '60000' },
            { name: 'max.message.bytes', value: '500000' },
          ],
        },
      ],
    });
    await eventually(
      async () => (await topicConfig(`${prefix}.latest`, 'max.message.bytes')) === '500000',
      'the drift to land',
    );
    const bigger = catalogTopics(topicCatalog(prefix, 2));
    const second = await planCatalog(admin, bigger);
    expect(second.plan.changes.map((c) => `${c.kind} ${c.topic}`).sort()).toEqual(
      [
        `config ${prefix}.latest`,
        `grow ${prefix}.enriched`,
        `grow ${prefix}.enricher-state`,
        `grow ${prefix}.latest`,
        `grow ${prefix}.raw`,
      ].sort(),
    );
    await applyTopicPlan(admin, second.plan, second.actual, 1);
    // Config changes reach the broker through the metadata log, a moment after the call returns.
    await eventually(
      async () => (await topicConfig(`${prefix}.latest`, 'cleanup.policy')) === 'compact',
      'cleanup.policy=compact',
    );
    expect(await topicConfig(`${prefix}.latest`, 'max.message.bytes')).toBe('500000');
    const meta = await admin.fetchTopicMetadata({ topics: [`${prefix}.raw`] });
    expect(meta.topics[0]?.partitions).toHaveLength(2);
    // Asking for fewer partitions never shrinks: it is reported, not applied.
    const third = await planCatalog(admin, small);
    expect(third.plan.changes).toEqual([]);
    expect(third.plan.warnings.map((w) => w.topic).sort()).toEqual(
      [
        `${prefix}.enriched`,
        `${prefix}.enricher-state`,
        `${prefix}.latest`,
        `${prefix}.raw`,
      ].sort(),
    );
  }, 90_000);
});
