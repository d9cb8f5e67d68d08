import { z } from 'zod';
import { ADMIN_USER, customerPrincipal } from '@marketfeed/kafka/contract';
import { APPS, kafkaUsername } from '../src/services/task-env.js';
import { monitoringSchema } from './monitoring.js';
import { DEPLOY_PHASES, phaseReached } from './phases.js';

/**
 * The typed, validated shape of one environment. Everything an apply needs is here; nothing
 * is read from the process environment, so a synth is reproducible from the repository alone.
 */

const accountId = z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' });
const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, { error: 'lower-case letters, digits and "-"' });
// AZ ids (use1-az1), not names (us-east-1a): names are shuffled per account, ids are not, and
// a managed VPC connection only works in subnets whose AZ ids match the cluster's.
const azId = z.string().regex(/^[a-z]{2,4}\d-az\d+$/, { error: 'must be an AZ id like use1-az1' });
const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-8])$/, {
  error: 'must be an IPv4 CIDR between /16 and /28',
});
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region' });
const kmsKeyArn = z
  .string()
  .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, { error: 'must be a KMS key ARN' });
/** An image reference that cannot move: `<name>[:tag]@sha256:<64 hex>`. */
const pinnedImage = z.string().regex(/^[a-z0-9./_-]+(:[A-Za-z0-9_.-]+)?@sha256:[0-9a-f]{64}$/, {
  error: 'must be pinned by digest: <image>[:tag]@sha256:<64 hex digits>',
});

export const backendSchema = z.object({
  /** State bucket, created once per account by hand (infra/README.md "Bootstrapping"). */
  bucket: z.string().min(3),
  region,
  /**
   * Customer-managed key the state objects are encrypted with, in every environment: the state
   * holds no password (write-only secrets), but it does hold every ARN, endpoint and policy.
   */
  kmsKeyArn: kmsKeyArn,
});

export const networkSchema = z.object({
  cidr,
  azIds: z.array(azId).length(3),
  /** One NAT gateway (dev: cheap) or one per AZ (prod: survives an AZ loss). */
  natGateways: z.union([z.literal(1), z.literal(3)]),
  /** Interface endpoints for ECR, logs and Secrets Manager keep that traffic off the NAT. */
  interfaceEndpoints: z.boolean(),
});

export const kafkaSchema = z.object({
  version: z.string().min(1),
  brokerInstanceType: z.string().startsWith('kafka.'),
  /** Brokers are spread one per AZ; MSK needs a multiple of the AZ count. */
  brokerCount: z.number().int().positive().multipleOf(3),
  volumeSizeGiB: z.number().int().min(1).max(16384),
  /** MSK grows the broker volumes up to this size when disk use passes `targetUtilizationPct`. */
  storageAutoscaling: z.object({
    maxVolumeSizeGiB: z.number().int().min(1).max(16384),
    targetUtilizationPct: z.number().int().min(10).max(80).default(60),
  }),
  topicPrefix: z.string().regex(/^[a-zA-Z0-9._-]{1,200}$/),
  logRetentionDays: z.number().int().positive(),
  /**
   * Rotation: bump a user's number and apply to write a fresh password into its secret
   * (docs/runbook.md "Rotating SCRAM credentials"). Users not listed are at version 1.
   */
  credentialVersions: z.record(z.string(), z.number().int().min(1)).default({}),
});

export const searchSchema = z.object({
  engineVersion: z.string().startsWith('OpenSearch_'),
  instanceType: z.string().endsWith('.search'),
  /** Data nodes, spread over the AZs (1 = single-AZ dev domain). */
  instanceCount: z.number().int().positive(),
  /** Three dedicated cluster-manager nodes of this type; absent: data nodes manage the cluster. */
  dedicatedMasterType: z.string().endsWith('.search').optional(),
  volumeSizeGiB: z.number().int().min(10),
  /** IAM principals (role ARNs in the producer account) allowed to assume the search admin role. */
  adminPrincipalArns: z.array(z.string().startsWith('arn:aws:iam::')).min(1),
});

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

const taskSize = z.object({
  cpu: z.union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)]),
  memoryMiB: z.number().int().min(512),
});

const scaling = z
  .object({
    min: z.number().int().min(1),
    max: z.number().int().min(1),
    /** Target tracking on consumer lag: records behind per running task. */
    targetLagPerTask: z.number().int().positive(),
  })
  .refine((s) => s.max >= s.min, { error: 'max must be >= min' });

export const servicesSchema = z.object({
  /** Immutable image tag deployed to every service (a git sha); ECR tags are immutable. */
  imageTag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/),
  logLevel,
  logRetentionDays: z.number().int().positive(),
  ingestor: taskSize.extend({
    /** `replay` reads a file inside the task: a local/CI source, not deployed. */
    source: z.enum(['simulator', 'alpaca']),
    symbols: z.array(z.string().regex(/^[A-Z.]{1,10}$/)).min(1),
    alpacaFeed: z.enum(['iex', 'sip', 'delayed_sip']),
  }),
  enricher: taskSize.extend({ scaling, indicatorThresholdPct: z.number().positive() }),
  sink: taskSize.extend({ scaling }),
});

export const consumerSchema = z.object({
  region,
  vpcCidr: cidr,
  /** Must be AZ ids the cluster's brokers are in (README "Onboarding a consumer account"). */
  azIds: z.array(azId).min(2).max(3),
  /** Image of the consumer client (the Kafka CLI), pinned by digest so it cannot move. */
  image: pinnedImage,
  /** The customer's own CMK for their Terraform state bucket. */
  stateKmsKeyArn: kmsKeyArn,
});

export const customerSchema = z.object({
  /** SCRAM identity `customer-<name>`, secret `AmazonMSK_customer-<name>`. */
  name,
  accountId,
  /** The customer's own stack (consumer-<env>-<name>); absent when they bring their own client. */
  consumer: consumerSchema.optional(),
});

export const envConfigSchema = z
  .object({
    env: name,
    /** Where this environment is in its first deploy (config/phases.ts); `multi-vpc` is steady. */
    phase: z.enum(DEPLOY_PHASES),
    region,
    producerAccountId: accountId,
    backend: backendSchema,
    network: networkSchema,
    kafka: kafkaSchema,
    search: searchSchema,
    services: servicesSchema,
    customers: z.array(customerSchema),
    monitoring: monitoringSchema.prefault({}),
    /**
     * ARN of the cluster once the first apply created it (output `cluster_arn`; it holds a UUID
     * MSK picks). Every phase after `create` needs it: it is the proof the cluster exists.
     */
    clusterArn: z
      .string()
      .regex(/^arn:aws:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/]+\/[^/]+$/)
      .optional(),
    /** Secrets Manager recovery window; 0 deletes at once (dev), 7–30 otherwise. */
    secretRecoveryDays: z.union([z.literal(0), z.number().int().min(7).max(30)]),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.phase !== 'create' && !cfg.clusterArn)
      ctx.addIssue({
        code: 'custom',
        path: ['clusterArn'],
        message: `phase "${cfg.phase}" changes an existing cluster: apply phase "create" first and set clusterArn from its cluster_arn output`,
      });
    if (
      cfg.clusterArn &&
      !cfg.clusterArn.startsWith(`arn:aws:kafka:${cfg.region}:${cfg.producerAccountId}:`)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['clusterArn'],
        message: `must be a cluster in ${cfg.region} of the producer account ${cfg.producerAccountId}`,
      });
    if (phaseReached(cfg.phase, 'multi-vpc') && cfg.kafka.brokerInstanceType === 'kafka.t3.small')
      ctx.addIssue({
        code: 'custom',
        path: ['kafka', 'brokerInstanceType'],
        message: 'MSK multi-VPC connectivity does not support kafka.t3.small brokers',
      });
    if (cfg.kafka.storageAutoscaling.maxVolumeSizeGiB <= cfg.kafka.volumeSizeGiB)
      ctx.addIssue({
        code: 'custom',
        path: ['kafka', 'storageAutoscaling', 'maxVolumeSizeGiB'],
        message: `must be above kafka.volumeSizeGiB (${cfg.kafka.volumeSizeGiB}): MSK storage only grows`,
      });
    const users = new Set<string>([
      ADMIN_USER,
      ...APPS.map(kafkaUsername),
      ...cfg.customers.map((c) => customerPrincipal(c.name)),
    ]);
    for (const user of Object.keys(cfg.kafka.credentialVersions))
      if (!users.has(user))
        ctx.addIssue({
          code: 'custom',
          path: ['kafka', 'credentialVersions', user],
          message: `no SCRAM user "${user}" (known: ${[...users].join(', ')})`,
        });
    const names = cfg.customers.map((c) => c.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup)
      ctx.addIssue({ code: 'custom', path: ['customers'], message: `duplicate customer "${dup}"` });
    if (cfg.customers.some((c) => c.accountId === cfg.producerAccountId))
      ctx.addIssue({
        code: 'custom',
        path: ['customers'],
        message: 'a customer account may not be the producer account',
      });
    for (const [i, c] of cfg.customers.entries()) {
      if (c.consumer && c.consumer.region !== cfg.region)
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'consumer', 'region'],
          message: 'multi-VPC connectivity is same-region only',
        });
      const foreign = c.consumer?.azIds.filter((az) => !cfg.network.azIds.includes(az)) ?? [];
      if (foreign.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'consumer', 'azIds'],
          message: `${foreign.join(', ')} not among the cluster's AZ ids ${cfg.network.azIds.join(', ')}`,
        });
    }
  });

export type EnvConfig = z.infer<typeof envConfigSchema>;
export type CustomerConfig = z.infer<typeof customerSchema>;
export type ConsumerConfig = z.infer<typeof consumerSchema>;

/** Parses a config, failing with every problem named by its path. */
export function defineEnv(input: z.input<typeof envConfigSchema>): EnvConfig {
  const parsed = envConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(
      `invalid infra config${input.env ? ` "${input.env}"` : ''}:\n${lines.join('\n')}`,
    );
  }
  return parsed.data;
}
