import { describe, expect, it } from 'vitest';
import { catalogTopics, topicCatalog } from '@marketfeed/kafka';
import { formatPlan, mergedOverrides, planTopics, type ActualTopic } from './topics-plan.js';

const specs = catalogTopics(topicCatalog('mf', 6));
const asActual = (
  partitions: (name: string) => number,
  configs: (name: string) => Record<string, string> = () => ({}),
) =>
  new Map<string, ActualTopic>(
    specs.map((s) => [
      s.name,
      {
        name: s.name,
        partitions: partitions(s.name),
        configs: { ...s.configEntries, ...configs(s.name) },
        overrides: { ...s.configEntries },
      },
    ]),
  );

describe('planTopics', () => {
  it('creates every topic of an empty cluster', () => {
    const plan = planTopics(specs, new Map());
    expect(plan.changes.map((c) => `${c.kind} ${c.topic}`)).toEqual(
      specs.map((s) => `create ${s.name}`),
    );
  });

  it('is empty when the cluster matches, so a second apply changes nothing', () => {
    const plan = planTopics(
      specs,
      asActual((n) => specs.find((s) => s.name === n)?.numPartitions ?? 0),
    );
    expect(plan).toEqual({ changes: [], warnings: [] });
    expect(formatPlan(plan)).toMatch(/no changes/);
  });

  it('grows partitions but refuses to shrink', () => {
    const plan = planTopics(
      specs,
      asActual((n) =>
        n === 'mf.raw'
          ? 3
          : n === 'mf.enriched'
            ? 12
            : (specs.find((s) => s.name === n)?.numPartitions ?? 0),
      ),
    );
    expect(plan.changes).toEqual([{ kind: 'grow', topic: 'mf.raw', from: 3, to: 6 }]);
    expect(plan.warnings).toEqual([
      { kind: 'shrink-refused', topic: 'mf.enriched', actual: 12, desired: 6 },
    ]);
    expect(formatPlan(plan)).toContain('Kafka cannot shrink');
  });

  it('reports config values that differ from the catalog', () => {
    const plan = planTopics(
      specs,
      asActual(
        (n) => specs.find((s) => s.name === n)?.numPartitions ?? 0,
        (n): Record<string, string> => (n === 'mf.latest' ? { 'cleanup.policy': 'delete' } : {}),
      ),
    );
    expect(plan.changes).toEqual([
      {
        kind: 'config',
        topic: 'mf.latest',
        config: 'cleanup.policy',
        from: 'delete',
        to: 'compact',
      },
    ]);
  });

  it('keeps other overrides when altering configs (AlterConfigs replaces the whole set)', () => {
    const merged = mergedOverrides(
      { 'retention.ms': '1', 'max.message.bytes': '2048' },
      [{ kind: 'config', topic: 't', config: 'retention.ms', from: '1', to: '9' }],
      't',
    );
    expect(merged).toEqual({ 'retention.ms': '9', 'max.message.bytes': '2048' });
  });
});
