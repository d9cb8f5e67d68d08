import type { TopicSpec } from '@marketfeed/kafka';

/** A topic as the cluster has it: partition count and effective config values. */
export interface ActualTopic {
  name: string;
  partitions: number;
  /** Effective values of the configs we care about (any source: topic override or broker default). */
  configs: Record<string, string>;
  /** Topic-level overrides only; needed because AlterConfigs replaces the whole override set. */
  overrides: Record<string, string>;
}

export type TopicChange =
  | { kind: 'create'; topic: string; spec: TopicSpec }
  | { kind: 'grow'; topic: string; from: number; to: number }
  | { kind: 'config'; topic: string; config: string; from: string | undefined; to: string };

/** Differences we report but never act on. */
export type TopicWarning = {
  kind: 'shrink-refused';
  topic: string;
  actual: number;
  desired: number;
};

export interface TopicPlan {
  changes: TopicChange[];
  warnings: TopicWarning[];
}

/**
 * Desired catalog vs the cluster. Partitions only grow (Kafka cannot shrink a topic; the
 * difference is reported). Configs are compared by effective value, so a broker default that
 * already equals the catalog is not rewritten.
 */
export function planTopics(
  desired: readonly TopicSpec[],
  actual: ReadonlyMap<string, ActualTopic>,
): TopicPlan {
  const changes: TopicChange[] = [];
  const warnings: TopicWarning[] = [];
  for (const spec of desired) {
    const have = actual.get(spec.name);
    if (!have) {
      changes.push({ kind: 'create', topic: spec.name, spec });
      continue;
    }
    if (spec.numPartitions > have.partitions)
      changes.push({
        kind: 'grow',
        topic: spec.name,
        from: have.partitions,
        to: spec.numPartitions,
      });
    else if (spec.numPartitions < have.partitions)
      warnings.push({
        kind: 'shrink-refused',
        topic: spec.name,
        actual: have.partitions,
        desired: spec.numPartitions,
      });
    for (const [config, to] of Object.entries(spec.configEntries)) {
      const from = have.configs[config];
      if (from !== to) changes.push({ kind: 'config', topic: spec.name, config, from, to });
    }
  }
  return { changes, warnings };
}

/**
 * The full override set to send with (non-incremental) AlterConfigs for one topic: its current
 * overrides plus the planned values. Sending only the changed keys would silently reset every
 * other override (e.g. a hand-set retention) to the broker default.
 */
export function mergedOverrides(
  current: Record<string, string>,
  changes: readonly TopicChange[],
  topic: string,
): Record<string, string> {
  const merged = { ...current };
  for (const c of changes) if (c.kind === 'config' && c.topic === topic) merged[c.config] = c.to;
  return merged;
}

export function formatPlan(plan: TopicPlan): string {
  const lines: string[] = [];
  for (const c of plan.changes) {
    if (c.kind === 'create') {
      const cfg = Object.entries(c.spec.configEntries)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      lines.push(
        `+ create  ${c.topic}  partitions=${c.spec.numPartitions}${cfg ? `  ${cfg}` : ''}`,
      );
    } else if (c.kind === 'grow')
      lines.push(`~ grow    ${c.topic}  partitions ${c.from} -> ${c.to}`);
    else lines.push(`~ config  ${c.topic}  ${c.config}: ${c.from ?? '(unset)'} -> ${c.to}`);
  }
  for (const w of plan.warnings)
    lines.push(
      `! keep    ${w.topic}  has ${w.actual} partitions, catalog says ${w.desired}: Kafka cannot shrink a topic`,
    );
  if (lines.length === 0) lines.push('= no changes: the cluster matches the catalog');
  return lines.join('\n');
}

/** True when growing would move existing symbols to other partitions of a keyed topic. */
export function growsKeyedTopics(plan: TopicPlan): string[] {
  return plan.changes.filter((c) => c.kind === 'grow').map((c) => c.topic);
}
