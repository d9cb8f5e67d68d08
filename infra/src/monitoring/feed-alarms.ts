import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import type { Monitoring } from '../../config/monitoring.js';
import { policyDocument } from '../iam/policy.js';
import {
  APP_METRICS,
  appMetric,
  consumerLagMetric,
  ecsServiceMetric,
  mskBrokerMetric,
  mskClusterMetric,
  searchMetric,
  type MetricRef,
} from './metrics.js';
import { runbookLink, RUNBOOK, type RunbookSection } from './runbook.js';

export interface FeedAlarmsProps {
  name: string;
  accountId: string;
  keyArn: string;
  monitoring: Monitoring;
  kafka: { clusterName: string; brokerCount: number };
  search: { domainName: string; volumeSizeGiB: number };
  ecs: { clusterName: string; serviceNames: Record<string, string> };
  /** Consumer groups whose lag pages someone, with the topic each is behind on. */
  lag: { enricher: { group: string; topic: string }; sink: { group: string; topic: string } };
}

type Comparison =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

interface AlarmSpec {
  /** Unique within the stack; the alarm is named `<stack>-<id>`. */
  id: string;
  runbook: RunbookSection;
  summary: string;
  comparison: Comparison;
  threshold: number;
  /** One metric, or an expression over metrics m1, m2, … */
  metric: MetricRef | { expression: string; metrics: MetricRef[] };
  periodSeconds?: number;
  evaluationPeriods?: number;
  /** What no data means: for most figures nothing happened; for a heartbeat, it is the fault. */
  missingData?: 'notBreaching' | 'breaching';
}

/**
 * One SNS topic per environment and an alarm per failure mode the runbook covers. Each alarm's
 * description starts with its runbook section, so the page someone receives says where to go.
 */
export class FeedAlarms extends Construct {
  readonly topicArn: string;
  /** Alarm name → runbook section, for tests and the README. */
  readonly alarms = new Map<string, RunbookSection>();
  private readonly evaluationMinutes: number;

  constructor(scope: Construct, id: string, props: FeedAlarmsProps) {
    super(scope, id);
    const t = props.monitoring.thresholds;
    this.evaluationMinutes = t.evaluationMinutes;

    const topic = new SnsTopic(this, 'topic', {
      name: `${props.name}-alarms`,
      kmsMasterKeyId: props.keyArn,
    });
    this.topicArn = topic.arn;
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: topic.arn,
      policy: policyDocument([
        {
          Sid: 'CloudWatchAlarmsOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['sns:Publish'],
          Resource: topic.arn,
          Condition: {
            StringEquals: { 'aws:SourceAccount': props.accountId },
            ArnLike: {
              'aws:SourceArn': `arn:aws:cloudwatch:*:${props.accountId}:alarm:${props.name}-*`,
            },
          },
        },
      ]),
    });
    props.monitoring.subscriptions.forEach((sub, i) => {
      new SnsTopicSubscription(this, `subscription-${i}`, {
        topicArn: topic.arn,
        protocol: sub.protocol,
        endpoint: sub.endpoint,
      });
    });

    const { clusterName, brokerCount } = props.kafka;
    const brokers = Array.from({ length: brokerCount }, (_, i) => i + 1);
    for (const b of brokers) {
      this.add(props.name, {
        id: `msk-disk-broker-${b}`,
        runbook: RUNBOOK.mskDisk,
        summary: `broker ${b} data volume above ${t.mskDiskUsedPct} % (storage autoscaling has not kept up)`,
        comparison: 'GreaterThanThreshold',
        threshold: t.mskDiskUsedPct,
        metric: mskBrokerMetric(clusterName, b, 'KafkaDataLogsDiskUsed'),
      });
      this.add(props.name, {
        id: `msk-cpu-broker-${b}`,
        runbook: RUNBOOK.mskCpu,
        summary: `broker ${b} CPU (user + system) above ${t.mskCpuPct} %`,
        comparison: 'GreaterThanThreshold',
        threshold: t.mskCpuPct,
        metric: {
          expression: 'm1 + m2',
          metrics: [
            mskBrokerMetric(clusterName, b, 'CpuUser', 'Average'),
            mskBrokerMetric(clusterName, b, 'CpuSystem', 'Average'),
          ],
        },
      });
      this.add(props.name, {
        id: `msk-under-replicated-broker-${b}`,
        runbook: RUNBOOK.mskUnderReplicated,
        summary: `broker ${b} leads partitions whose followers are behind`,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        metric: mskBrokerMetric(clusterName, b, 'UnderReplicatedPartitions'),
      });
    }
    this.add(props.name, {
      id: 'msk-offline-partitions',
      runbook: RUNBOOK.mskOffline,
      summary: 'partitions without a leader: reads and writes to them fail',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      metric: mskClusterMetric(clusterName, 'OfflinePartitionsCount', 'Maximum'),
      evaluationPeriods: 1,
    });
    this.add(props.name, {
      id: 'msk-active-controller',
      runbook: RUNBOOK.mskController,
      summary: 'the cluster does not have exactly one active controller',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      // Each broker reports 1 if it is the controller; the sum must be exactly 1.
      metric: {
        expression: 'ABS(m1 - 1)',
        metrics: [mskClusterMetric(clusterName, 'ActiveControllerCount', 'Sum')],
      },
      missingData: 'breaching',
    });

    const domain = (metricName: string, stat: MetricRef['stat']) =>
      searchMetric(props.search.domainName, props.accountId, metricName, stat);
    this.add(props.name, {
      id: 'search-cluster-red',
      runbook: RUNBOOK.searchRed,
      summary: 'a primary shard is unassigned: some documents cannot be indexed or searched',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      metric: domain('ClusterStatus.red', 'Maximum'),
      evaluationPeriods: 1,
    });
    if (props.monitoring.searchYellowAlarm)
      this.add(props.name, {
        id: 'search-cluster-yellow',
        runbook: RUNBOOK.searchYellow,
        summary: 'a replica shard is unassigned: one more node loss loses data',
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        metric: domain('ClusterStatus.yellow', 'Maximum'),
      });
    // FreeStorageSpace is in MiB, per node; Minimum is the fullest node.
    const freeMiB = Math.floor((props.search.volumeSizeGiB * 1024 * t.searchFreeStoragePct) / 100);
    this.add(props.name, {
      id: 'search-free-storage',
      runbook: RUNBOOK.searchStorage,
      summary: `a data node has less than ${t.searchFreeStoragePct} % (${freeMiB} MiB) free`,
      comparison: 'LessThanThreshold',
      threshold: freeMiB,
      metric: domain('FreeStorageSpace', 'Minimum'),
    });
    this.add(props.name, {
      id: 'search-jvm-pressure',
      runbook: RUNBOOK.searchJvm,
      summary: `JVM memory pressure above ${t.searchJvmPressurePct} %`,
      comparison: 'GreaterThanThreshold',
      threshold: t.searchJvmPressurePct,
      metric: domain('JVMMemoryPressure', 'Maximum'),
    });
    this.add(props.name, {
      id: 'search-snapshot-failure',
      runbook: RUNBOOK.searchSnapshot,
      summary: 'the automated snapshot failed',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      metric: domain('AutomatedSnapshotFailure', 'Maximum'),
      evaluationPeriods: 1,
    });

    for (const [app, service] of Object.entries(props.ecs.serviceNames))
      this.add(props.name, {
        id: `ecs-running-below-desired-${app}`,
        runbook: RUNBOOK.ecsRunning,
        summary: `${app}: fewer tasks running than desired`,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        metric: {
          expression: 'm1 - m2',
          metrics: [
            ecsServiceMetric(props.ecs.clusterName, service, 'DesiredTaskCount'),
            ecsServiceMetric(props.ecs.clusterName, service, 'RunningTaskCount'),
          ],
        },
      });

    const lagLimits = [
      ['enricher', RUNBOOK.lagEnricher, t.enricherLagRecords],
      ['sink', RUNBOOK.lagSink, t.sinkLagRecords],
    ] as const;
    for (const [consumer, runbook, records] of lagLimits) {
      const { group, topic } = props.lag[consumer];
      this.add(props.name, {
        id: `lag-${consumer}`,
        runbook,
        summary: `group ${group} more than ${records} records behind on ${topic}`,
        comparison: 'GreaterThanThreshold',
        threshold: records,
        metric: consumerLagMetric(clusterName, group, topic),
      });
    }

    for (const app of Object.keys(APP_METRICS.dlqRecords.from))
      this.add(props.name, {
        id: `dlq-${app}`,
        runbook: RUNBOOK.dlq,
        summary: `${app} dead-letters more than ${t.dlqRecordsPerMinute} records a minute`,
        comparison: 'GreaterThanThreshold',
        threshold: t.dlqRecordsPerMinute,
        metric: appMetric(app, APP_METRICS.dlqRecords.metricName),
      });
    this.add(props.name, {
      id: 'enricher-transaction-failures',
      runbook: RUNBOOK.transactionFailures,
      summary: `enricher: ${t.enricherTransactionFailuresPer5Min}+ failed transactions in 5 minutes`,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: t.enricherTransactionFailuresPer5Min,
      metric: appMetric('enricher', APP_METRICS.transactionFailures.metricName),
      periodSeconds: 300,
      evaluationPeriods: 1,
    });
    this.add(props.name, {
      id: 'ingestor-silent-gaps',
      runbook: RUNBOOK.silentGaps,
      summary: `ingestor: ${t.ingestorSilentGapsPer15Min}+ gaps (silent or dropped upstream socket) in 15 minutes`,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: t.ingestorSilentGapsPer15Min,
      metric: appMetric('ingestor', APP_METRICS.silentSocketGaps.metricName),
      periodSeconds: 900,
      evaluationPeriods: 1,
    });
    this.add(props.name, {
      id: 'sink-bulk-failures',
      runbook: RUNBOOK.bulkFailures,
      summary: `opensearch-sink: ${t.sinkBulkFailuresPer5Min}+ failed bulk requests in 5 minutes`,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: t.sinkBulkFailuresPer5Min,
      metric: appMetric('opensearch-sink', APP_METRICS.bulkFailures.metricName),
      periodSeconds: 300,
      evaluationPeriods: 1,
    });
  }

  private add(stack: string, spec: AlarmSpec): void {
    const alarmName = `${stack}-${spec.id}`;
    const period = spec.periodSeconds ?? 60;
    const evaluationPeriods = spec.evaluationPeriods ?? this.evaluationMinutes;
    const common = {
      alarmName,
      alarmDescription: `Runbook: ${runbookLink(spec.runbook)} - ${spec.summary}.`,
      comparisonOperator: spec.comparison,
      threshold: spec.threshold,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      treatMissingData: spec.missingData ?? 'notBreaching',
      alarmActions: [this.topicArn],
      okActions: [this.topicArn],
    };
    const m = spec.metric;
    if ('expression' in m) {
      new CloudwatchMetricAlarm(this, spec.id, {
        ...common,
        metricQuery: [
          { id: 'e1', expression: m.expression, label: spec.id, returnData: true },
          ...m.metrics.map((ref, i) => ({
            id: `m${i + 1}`,
            returnData: false,
            metric: {
              namespace: ref.namespace,
              metricName: ref.metricName,
              dimensions: ref.dimensions,
              stat: ref.stat,
              period,
            },
          })),
        ],
      });
    } else {
      new CloudwatchMetricAlarm(this, spec.id, {
        ...common,
        namespace: m.namespace,
        metricName: m.metricName,
        dimensions: m.dimensions,
        statistic: m.stat,
        period,
      });
    }
    this.alarms.set(alarmName, spec.runbook);
  }
}
