import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition/index.js';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service/index.js';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target/index.js';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy/index.js';
import { policyDocument, serviceTrustPolicy, type Statement } from '../iam/policy.js';
import type { TaskEnv } from '../services/task-env.js';
import { ecsServiceMetric, type MetricRef } from '../monitoring/metrics.js';

/** Liveness probe for images without curl: Node's own fetch against /healthz. */
export const nodeHealthCheckCommand = (port: number): string[] => [
  'CMD',
  'node',
  '-e',
  `fetch('http://127.0.0.1:${port}/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))`,
];

/**
 * V8's old-generation limit for a task of `memoryMiB`: three quarters of it, the rest left for
 * the young generation (32 MB), code, kafkajs' buffers and what malloc keeps
 * (docs/benchmarks/enricher-memory.md: 40–55 MB of native memory, RSS 200–400 MB at 10k symbols).
 * Set explicitly because V8 otherwise sizes the heap from what it detects (the host's RAM, or
 * the container's limit where cgroup detection works): a heap larger than the task makes ECS
 * kill the task without a word, where a heap limit fails with V8's own out-of-memory message in
 * the log, and a smaller one wastes the memory that keeps garbage collection cheap.
 */
export const heapLimitMiB = (memoryMiB: number): number => Math.floor((memoryMiB * 3) / 4);

/** NODE_OPTIONS for a task: the image's source maps plus the heap limit sized to the task. */
export const taskNodeOptions = (memoryMiB: number): string =>
  `--enable-source-maps --max-old-space-size=${heapLimitMiB(memoryMiB)}`;

export interface FargateAppProps {
  /** Container, service and family name prefix. */
  name: string;
  accountId: string;
  region: string;
  clusterArn: string;
  clusterName: string;
  subnetIds: string[];
  securityGroupIds: string[];
  image: string;
  /** ARN of the ECR repository the image comes from (pull rights are scoped to it). */
  repositoryArn?: string;
  cpu: number;
  memoryMiB: number;
  /** The image runs Node: NODE_OPTIONS sizes V8's heap to `memoryMiB` (taskNodeOptions). */
  nodeRuntime?: boolean;
  env: TaskEnv;
  /** Secrets referenced by env.secrets; the execution role may read exactly these. */
  secretArns: string[];
  keyArn: string;
  logRetentionDays: number;
  port?: number;
  healthCheck?: string[];
  command?: string[];
  desiredCount: number;
  /** Single-instance services (one upstream connection) replace rather than overlap. */
  singleton?: boolean;
  /** Target tracking on consumer lag per running task (the service scales with partitions). */
  scaling?: { min: number; max: number; targetLagPerTask: number; lag: MetricRef };
  /**
   * Writable directories on the task's ephemeral storage, for third-party tools that write
   * files (logs, temp); the root filesystem stays read-only.
   */
  scratchPaths?: string[];
}

/**
 * One Fargate service with its task definition, log group and the two least-privilege roles:
 * the execution role (pull this image, write this log group, read these secrets) and the task
 * role (what the code calls).
 */
export class FargateApp extends Construct {
  readonly taskRoleArn: string;
  /** Service name as a token (creates a dependency) and as the literal metrics carry. */
  readonly serviceName: string;
  readonly name: string;
  readonly taskDefinitionArn: string;
  private readonly taskRole: IamRole;

  constructor(scope: Construct, id: string, props: FargateAppProps) {
    super(scope, id);
    this.name = props.name;
    const logs = new CloudwatchLogGroup(this, 'logs', {
      name: `/marketfeed/${props.name}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.keyArn,
    });

    const execution = new IamRole(this, 'execution-role', {
      name: `${props.name}-exec`,
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com', props.accountId),
    });
    const execStatements: Statement[] = [
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${logs.arn}:*`,
      },
    ];
    if (props.repositoryArn)
      execStatements.push(
        // GetAuthorizationToken is account-wide by design: it has no resource to scope to.
        { Sid: 'EcrLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
        {
          Sid: 'PullOwnImage',
          Effect: 'Allow',
          Action: [
            'ecr:BatchCheckLayerAvailability',
            'ecr:GetDownloadUrlForLayer',
            'ecr:BatchGetImage',
          ],
          Resource: props.repositoryArn,
        },
      );
    if (props.secretArns.length > 0)
      execStatements.push(
        {
          Sid: 'ReadOwnSecrets',
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue'],
          Resource: props.secretArns,
        },
        {
          Sid: 'DecryptSecretsViaSecretsManager',
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: props.keyArn,
          Condition: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` },
          },
        },
      );
    new IamRolePolicy(this, 'execution-policy', {
      role: execution.name,
      name: 'execution',
      policy: policyDocument(execStatements),
    });

    const task = new IamRole(this, 'task-role', {
      name: `${props.name}-task`,
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com', props.accountId),
    });
    this.taskRoleArn = task.arn;
    this.taskRole = task;

    const scratch = (props.scratchPaths ?? []).map((path, i) => ({ name: `scratch-${i}`, path }));
    const container = {
      name: props.name,
      image: props.image,
      essential: true,
      ...(props.command ? { command: props.command } : {}),
      ...(props.port ? { portMappings: [{ containerPort: props.port, protocol: 'tcp' }] } : {}),
      environment: Object.entries({
        ...props.env.environment,
        ...(props.nodeRuntime ? { NODE_OPTIONS: taskNodeOptions(props.memoryMiB) } : {}),
      })
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
      secrets: Object.entries(props.env.secrets)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, valueFrom]) => ({ name, valueFrom })),
      ...(props.healthCheck
        ? {
            healthCheck: {
              command: props.healthCheck,
              interval: 15,
              timeout: 5,
              retries: 3,
              startPeriod: 30,
            },
          }
        : {}),
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': logs.name,
          'awslogs-region': props.region,
          'awslogs-stream-prefix': 'app',
        },
      },
      // Time for the graceful shutdown (commit offsets, flush bulk requests) before SIGKILL.
      stopTimeout: 30,
      readonlyRootFilesystem: true,
      ...(scratch.length > 0
        ? {
            mountPoints: scratch.map((v) => ({
              sourceVolume: v.name,
              containerPath: v.path,
              readOnly: false,
            })),
          }
        : {}),
    };

    const taskDef = new EcsTaskDefinition(this, 'task', {
      family: props.name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.cpu),
      memory: String(props.memoryMiB),
      executionRoleArn: execution.arn,
      taskRoleArn: task.arn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      containerDefinitions: JSON.stringify([container]),
      ...(scratch.length > 0 ? { volume: scratch.map((v) => ({ name: v.name })) } : {}),
    });
    this.taskDefinitionArn = taskDef.arn;

    const service = new EcsService(this, 'service', {
      name: props.name,
      cluster: props.clusterArn,
      taskDefinition: taskDef.arn,
      desiredCount: props.desiredCount,
      launchType: 'FARGATE',
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: props.securityGroupIds,
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: props.singleton ? 0 : 100,
      deploymentMaximumPercent: props.singleton ? 100 : 200,
      enableExecuteCommand: false,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      // The autoscaler owns the count once it exists.
      ...(props.scaling ? { lifecycle: { ignoreChanges: ['desired_count'] } } : {}),
    });
    this.serviceName = service.name;

    if (props.scaling) {
      const target = new AppautoscalingTarget(this, 'scaling-target', {
        serviceNamespace: 'ecs',
        resourceId: `service/${props.clusterName}/${service.name}`,
        scalableDimension: 'ecs:service:DesiredCount',
        minCapacity: props.scaling.min,
        maxCapacity: props.scaling.max,
      });
      const { lag } = props.scaling;
      const running = ecsServiceMetric(props.clusterName, props.name, 'RunningTaskCount');
      const metric = (ref: MetricRef) => ({
        namespace: ref.namespace,
        metricName: ref.metricName,
        dimensions: Object.entries(ref.dimensions).map(([name, value]) => ({ name, value })),
      });
      new AppautoscalingPolicy(this, 'scaling-lag', {
        name: `${props.name}-lag`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        resourceId: target.resourceId,
        scalableDimension: target.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: props.scaling.targetLagPerTask,
          // Lag per task: the figure one more task brings down. With no task running, the
          // whole lag (scale out from zero is the circuit breaker's business, not ours).
          customizedMetricSpecification: {
            metrics: [
              { id: 'lag', metricStat: { metric: metric(lag), stat: lag.stat }, returnData: false },
              {
                id: 'running',
                metricStat: { metric: metric(running), stat: running.stat },
                returnData: false,
              },
              {
                id: 'lag_per_task',
                expression: 'IF(running > 0, lag / running, lag)',
                label: 'consumer lag per running task',
                returnData: true,
              },
            ],
          },
          scaleInCooldown: 300,
          scaleOutCooldown: 60,
        },
      });
    }
  }

  /** Adds an inline policy `name` to the task role. */
  grant(name: string, statements: Statement[]): void {
    new IamRolePolicy(this, `task-policy-${name}`, {
      role: this.taskRole.name,
      name,
      policy: policyDocument(statements),
    });
  }
}
