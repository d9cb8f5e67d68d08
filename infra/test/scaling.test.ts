import { describe, expect, it } from 'vitest';
import { steadyEnvironments } from './support/phases.js';
import { resourcesOf, stackNamed, synthEnv } from './support/synth.js';

describe.each(steadyEnvironments.map((c) => [c.env, c] as const))('scaling in %s', (env, cfg) => {
  const feed = stackNamed(synthEnv(cfg), `feed-${env}`);
  const targets = resourcesOf(feed, 'aws_appautoscaling_target');
  const policies = resourcesOf(feed, 'aws_appautoscaling_policy');

  it('grows MSK broker storage from the configured size up to the configured ceiling', () => {
    const storage = targets.filter((t) => t.service_namespace === 'kafka');
    expect(storage).toEqual([
      expect.objectContaining({
        scalable_dimension: 'kafka:broker-storage:VolumeSize',
        min_capacity: cfg.kafka.volumeSizeGiB,
        max_capacity: cfg.kafka.storageAutoscaling.maxVolumeSizeGiB,
      }),
    ]);
    const policy = policies.find((p) => String(p.name).endsWith('-broker-storage'));
    expect(policy?.target_tracking_scaling_policy_configuration).toMatchObject({
      predefined_metric_specification: { predefined_metric_type: 'KafkaBrokerStorageUtilization' },
      target_value: cfg.kafka.storageAutoscaling.targetUtilizationPct,
      disable_scale_in: true,
    });
    // Terraform must not shrink what autoscaling grew.
    const [cluster] = resourcesOf(feed, 'aws_msk_cluster');
    expect((cluster?.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain(
      'broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size',
    );
  });

  it.each([
    ['enricher', 'enricher', `${cfg.kafka.topicPrefix}-enricher`, `${cfg.kafka.topicPrefix}.raw`],
    [
      'opensearch-sink',
      'sink',
      `${cfg.kafka.topicPrefix}-opensearch-sink`,
      `${cfg.kafka.topicPrefix}.enriched`,
    ],
  ] as const)('tracks the %s on consumer lag per running task', (app, key, group, topic) => {
    const policy = policies.find((p) => p.name === `feed-${env}-${app}-lag`);
    const config = policy?.target_tracking_scaling_policy_configuration as {
      target_value: number;
      customized_metric_specification: {
        metrics: {
          id: string;
          expression?: string;
          return_data: boolean;
          metric_stat?: {
            metric: { metric_name: string; dimensions: { name: string; value: string }[] };
          };
        }[];
      };
    };
    expect(config.target_value).toBe(cfg.services[key].scaling.targetLagPerTask);
    const metrics = config.customized_metric_specification.metrics;
    const lag = metrics.find((m) => m.id === 'lag')?.metric_stat?.metric;
    expect(lag?.metric_name).toBe('SumOffsetLag');
    expect(lag?.dimensions).toEqual(
      expect.arrayContaining([
        { name: 'Consumer Group', value: group },
        { name: 'Topic', value: topic },
      ]),
    );
    expect(metrics.filter((m) => m.return_data).map((m) => m.expression)).toEqual([
      'IF(running > 0, lag / running, lag)',
    ]);
  });

  it('never scales the ingestor, the one upstream connection', () => {
    const ecs = targets
      .filter((t) => t.service_namespace === 'ecs')
      .map((t) => String(t.resource_id));
    expect(ecs.some((t) => t.includes('ingestor'))).toBe(false);
    expect(policies.some((p) => String(p.name).includes('ingestor'))).toBe(false);
  });
});
