import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { environments } from '../config/index.js';
import { DEPLOY_PHASES } from '../config/phases.js';
import { atPhase } from './support/phases.js';
import { resourcesOf, stackNamed, synthEnv, type SynthesizedStack } from './support/synth.js';

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to "-". */
const anchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const runbook = readFileSync(new URL('../../docs/runbook.md', import.meta.url), 'utf8');
const sections = new Set([...runbook.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1] ?? '')));

interface Watched {
  metric: string;
  dimensions: Record<string, string>;
}
/** Every metric an alarm reads, whether directly or inside a metric-math query. */
function watched(alarm: Record<string, unknown>): Watched[] {
  if (alarm.metric_name)
    return [
      {
        metric: String(alarm.metric_name),
        dimensions: (alarm.dimensions ?? {}) as Record<string, string>,
      },
    ];
  const queries = (alarm.metric_query ?? []) as { metric?: Record<string, unknown> }[];
  return queries.flatMap((q) =>
    q.metric
      ? [
          {
            metric: String(q.metric.metric_name),
            dimensions: (q.metric.dimensions ?? {}) as Record<string, string>,
          },
        ]
      : [],
  );
}

/**
 * The failure modes issue 16 lists, written here independently of the construct: each must be
 * watched by at least one alarm of the stack. `each` lists dimension values that must each
 * have their own alarm (per broker, per service).
 */
function failureModes(cfg: (typeof environments)[number]) {
  const brokers = Array.from({ length: cfg.kafka.brokerCount }, (_, i) => String(i + 1));
  const services = ['ingestor', 'enricher', 'opensearch-sink'].map((a) => `feed-${cfg.env}-${a}`);
  const p = cfg.kafka.topicPrefix;
  return [
    { mode: 'MSK broker disk use', metric: 'KafkaDataLogsDiskUsed', each: ['Broker ID', brokers] },
    {
      mode: 'MSK under-replicated partitions',
      metric: 'UnderReplicatedPartitions',
      each: ['Broker ID', brokers],
    },
    { mode: 'MSK offline partitions', metric: 'OfflinePartitionsCount' },
    { mode: 'MSK active controller count', metric: 'ActiveControllerCount' },
    { mode: 'MSK broker CPU', metric: 'CpuUser', each: ['Broker ID', brokers] },
    { mode: 'OpenSearch cluster red', metric: 'ClusterStatus.red' },
    ...(cfg.env === 'prod'
      ? [{ mode: 'OpenSearch cluster yellow (prod)', metric: 'ClusterStatus.yellow' }]
      : []),
    { mode: 'OpenSearch free storage', metric: 'FreeStorageSpace' },
    { mode: 'OpenSearch JVM memory pressure', metric: 'JVMMemoryPressure' },
    { mode: 'OpenSearch snapshot failure', metric: 'AutomatedSnapshotFailure' },
    {
      mode: 'ECS running tasks below desired',
      metric: 'RunningTaskCount',
      each: ['ServiceName', services],
    },
    {
      mode: 'enricher consumer lag',
      metric: 'SumOffsetLag',
      where: { 'Consumer Group': `${p}-enricher` },
    },
    {
      mode: 'sink consumer lag',
      metric: 'SumOffsetLag',
      where: { 'Consumer Group': `${p}-opensearch-sink` },
    },
    {
      mode: 'DLQ records per minute',
      metric: 'DlqRecords',
      each: ['Service', ['ingestor', 'enricher', 'opensearch-sink']],
    },
    { mode: 'enricher transaction failures', metric: 'TransactionFailures' },
    { mode: 'ingestor silent-socket gaps', metric: 'SilentSocketGaps' },
    { mode: 'sink bulk failures', metric: 'BulkFailures' },
  ] as {
    mode: string;
    metric: string;
    each?: [string, string[]];
    where?: Record<string, string>;
  }[];
}

const cases = environments.flatMap((cfg) =>
  DEPLOY_PHASES.map((phase) => {
    const at = atPhase(cfg, phase);
    return [`feed-${cfg.env}`, phase, at, stackNamed(synthEnv(at), `feed-${cfg.env}`)] as const;
  }),
);

describe.each(cases)('alarms of %s (phase %s)', (_name, _phase, cfg, stack: SynthesizedStack) => {
  const alarms = resourcesOf(stack, 'aws_cloudwatch_metric_alarm');

  it.each(failureModes(cfg).map((m) => [m.mode, m] as const))('watch %s', (_mode, m) => {
    const matching = alarms.filter((a) =>
      watched(a).some(
        (w) =>
          w.metric === m.metric &&
          Object.entries(m.where ?? {}).every(([k, v]) => w.dimensions[k] === v),
      ),
    );
    expect(matching.length, `no alarm watches ${m.metric}`).toBeGreaterThan(0);
    if (m.each) {
      const [dimension, values] = m.each;
      const covered = new Set(
        matching.flatMap((a) => watched(a).map((w) => w.dimensions[dimension])),
      );
      for (const v of values) expect(covered, `${m.metric} for ${dimension}=${v}`).toContain(v);
    }
  });

  it('link every alarm to an existing section of docs/runbook.md', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms) {
      const link = /Runbook: docs\/runbook\.md#([a-z0-9-]+)/.exec(String(a.alarm_description));
      expect(link, `${String(a.alarm_name)} names no runbook section`).not.toBeNull();
      expect([...sections], `${String(a.alarm_name)}`).toContain(link?.[1]);
    }
  });

  it("send every alarm and its recovery to the environment's one topic", () => {
    const topics = Object.keys(stack.tf.resource.aws_sns_topic ?? {});
    expect(topics).toHaveLength(1);
    for (const a of alarms) {
      expect(a.alarm_actions).toEqual([`\${aws_sns_topic.${topics[0]}.arn}`]);
      expect(a.ok_actions).toEqual(a.alarm_actions);
    }
  });

  it('subscribe exactly the configured endpoints', () => {
    const subs = resourcesOf(stack, 'aws_sns_topic_subscription').map((s) => ({
      protocol: s.protocol,
      endpoint: s.endpoint,
    }));
    expect(subs).toEqual(cfg.monitoring.subscriptions);
  });

  it('take thresholds from config', () => {
    const disk = alarms.find((a) => a.metric_name === 'KafkaDataLogsDiskUsed');
    expect(disk?.threshold).toBe(cfg.monitoring.thresholds.mskDiskUsedPct);
  });
});

describe('thresholds', () => {
  it('follow a config override', () => {
    const [dev] = environments;
    if (!dev) throw new Error('no environments');
    const cfg = atPhase(
      {
        ...dev,
        monitoring: {
          ...dev.monitoring,
          thresholds: { ...dev.monitoring.thresholds, mskDiskUsedPct: 70 },
        },
      },
      'create',
    );
    const alarms = resourcesOf(
      stackNamed(synthEnv(cfg), 'feed-dev'),
      'aws_cloudwatch_metric_alarm',
    );
    const disk = alarms.filter((a) => a.metric_name === 'KafkaDataLogsDiskUsed');
    expect(disk.map((a) => a.threshold)).toEqual([70, 70, 70]);
  });

  it('have defaults when the config names none', () => {
    const [dev] = environments;
    if (!dev) throw new Error('no environments');
    expect(dev.monitoring.thresholds.mskDiskUsedPct).toBe(80);
  });
});
