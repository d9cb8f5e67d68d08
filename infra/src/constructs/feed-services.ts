import { Construct } from 'constructs';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy/index.js';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import type { EnvConfig } from '../../config/schema.js';
import { topicName } from '@marketfeed/kafka/contract';
import { consumerLagMetric, type MetricRef } from '../monitoring/metrics.js';
import {
  APPS,
  CONTAINER_PORT,
  consumerGroupId,
  kafkaUsername,
  taskEnvironment,
  type AppName,
} from '../services/task-env.js';
import { FargateApp, nodeHealthCheckCommand } from './fargate-app.js';
import type { FeedCluster } from './feed-cluster.js';
import type { FeedSearch } from './feed-search.js';

export interface FeedServicesProps {
  name: string;
  accountId: string;
  region: string;
  vpcId: string;
  privateSubnetIds: string[];
  keyArn: string;
  cluster: FeedCluster;
  search: FeedSearch;
  topicPrefix: string;
  services: EnvConfig['services'];
  secretRecoveryDays: number;
}

/**
 * ECR repositories, the ECS cluster and one Fargate service per app, wired to the cluster and
 * the domain through security groups and the shared env contract.
 */
export class FeedServices extends Construct {
  readonly repositoryUrls: Record<AppName, string>;
  readonly apps: Record<AppName, FargateApp>;
  readonly clusterName: string;

  constructor(scope: Construct, id: string, props: FeedServicesProps) {
    super(scope, id);
    const { services: svc } = props;

    const ecs = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
    this.clusterName = ecs.name;

    // Operators put {"key_id","secret_key"} here (README); Terraform never holds the value.
    const alpaca =
      svc.ingestor.source === 'alpaca'
        ? new SecretsmanagerSecret(this, 'alpaca', {
            name: `${props.name}/alpaca`,
            description: 'Alpaca market data API key: {"key_id","secret_key"}',
            kmsKeyId: props.keyArn,
            recoveryWindowInDays: props.secretRecoveryDays,
          })
        : undefined;

    const repos = {} as Record<AppName, EcrRepository>;
    for (const app of APPS) {
      repos[app] = new EcrRepository(this, `repo-${app}`, {
        name: `${props.name}/${app}`,
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.keyArn }],
      });
      new EcrLifecyclePolicy(this, `repo-${app}-lifecycle`, {
        repository: repos[app].name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: 'keep the last 100 images',
              selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 100 },
              action: { type: 'expire' },
            },
          ],
        }),
      });
    }
    this.repositoryUrls = Object.fromEntries(
      APPS.map((a) => [a, repos[a].repositoryUrl]),
    ) as Record<AppName, string>;

    const envInputs = {
      kafkaBrokers: props.cluster.bootstrapBrokersScram,
      kafkaPasswordSecretArn: (app: AppName) => props.cluster.secretArnOf(kafkaUsername(app)),
      region: props.region,
      topicPrefix: props.topicPrefix,
      logLevel: svc.logLevel,
      opensearchUrl: `https://${props.search.endpoint}`,
      indexPrefix: props.topicPrefix,
      ingestor: {
        source: svc.ingestor.source,
        symbols: svc.ingestor.symbols,
        alpacaFeed: svc.ingestor.alpacaFeed,
        alpacaSecretArn: alpaca?.arn,
      },
      enricher: { indicatorThresholdPct: svc.enricher.indicatorThresholdPct },
    };

    const sizes: Record<AppName, { cpu: number; memoryMiB: number }> = {
      ingestor: svc.ingestor,
      enricher: svc.enricher,
      'opensearch-sink': svc.sink,
    };
    // The enricher and the sink scale with partitions, on their group's lag; the ingestor is one
    // upstream websocket, and a second one would double the raw feed.
    const lagOf = (group: string, topic: string): MetricRef =>
      consumerLagMetric(props.cluster.clusterName, group, topic);
    const scaling: Record<
      AppName,
      { min: number; max: number; targetLagPerTask: number; lag: MetricRef } | undefined
    > = {
      ingestor: undefined,
      enricher: {
        ...svc.enricher.scaling,
        lag: lagOf(
          consumerGroupId('enricher', props.topicPrefix),
          topicName(props.topicPrefix, 'raw'),
        ),
      },
      'opensearch-sink': {
        ...svc.sink.scaling,
        lag: lagOf(
          consumerGroupId('opensearch-sink', props.topicPrefix),
          topicName(props.topicPrefix, 'enriched'),
        ),
      },
    };

    this.apps = {} as Record<AppName, FargateApp>;
    for (const app of APPS) {
      const name = `${props.name}-${app}`;
      // No ingress at all: nothing calls the services; ECS probes /healthz inside the task.
      const sg = new SecurityGroup(this, `${app}-sg`, {
        name,
        description: `${app} tasks: no ingress; egress to the brokers and HTTPS`,
        vpcId: props.vpcId,
      });
      props.cluster.allowEgressFrom(this, `${app}-to-brokers`, sg.id);
      new VpcSecurityGroupEgressRule(this, `${app}-https`, {
        securityGroupId: sg.id,
        description: 'HTTPS: ECR, CloudWatch Logs, Secrets Manager, OpenSearch, market data',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '0.0.0.0/0',
      });
      props.cluster.allowClientsFrom(app, sg.id, `${app} tasks`);
      if (app === 'opensearch-sink') props.search.allowHttpsFrom(app, sg.id, `${app} tasks`);

      const env = taskEnvironment(app, envInputs);
      const secretArns = [props.cluster.secretArnOf(kafkaUsername(app))];
      if (app === 'ingestor' && alpaca) secretArns.push(alpaca.arn);

      const fargate = new FargateApp(this, app, {
        name,
        accountId: props.accountId,
        region: props.region,
        clusterArn: ecs.arn,
        clusterName: ecs.name,
        subnetIds: props.privateSubnetIds,
        securityGroupIds: [sg.id],
        image: `${repos[app].repositoryUrl}:${svc.imageTag}`,
        repositoryArn: repos[app].arn,
        cpu: sizes[app].cpu,
        memoryMiB: sizes[app].memoryMiB,
        nodeRuntime: true,
        env,
        secretArns,
        keyArn: props.keyArn,
        logRetentionDays: svc.logRetentionDays,
        port: CONTAINER_PORT,
        healthCheck: nodeHealthCheckCommand(CONTAINER_PORT),
        desiredCount: scaling[app]?.min ?? 1,
        singleton: app === 'ingestor',
        scaling: scaling[app],
      });
      this.apps[app] = fargate;
    }

    // The task role exists before the domain policy names it, so there is no cycle.
    const sink = this.apps['opensearch-sink'];
    const statement = props.search.grantReadWrite(sink.taskRoleArn);
    sink.grant('opensearch', [statement]);
  }
}
