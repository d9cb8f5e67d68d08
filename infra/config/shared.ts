import { CONSUMER_IMAGE } from './images.js';
import type { ConsumerConfig, EnvConfig } from './schema.js';

/**
 * What every environment shares, and the parts derived from an account id, written once so dev
 * and prod differ only in what really differs (sizes, counts, accounts). Account ids are
 * documentation placeholders, never real accounts: replace them in a reviewed change before a
 * real apply.
 */
export const REGION = 'us-east-1';

/** use1-az3 is left out: MSK does not place brokers there. */
export const BROKER_AZ_IDS = ['use1-az1', 'use1-az2', 'use1-az4'];

/** A placeholder KMS key of an account (replaced with the real key before an apply). */
export const placeholderKmsKeyArn = (accountId: string): string =>
  `arn:aws:kms:${REGION}:${accountId}:key/00000000-0000-0000-0000-000000000000`;

/** The Terraform state of a producer account: its own bucket, encrypted with its own key. */
export const stateBackend = (producerAccountId: string): EnvConfig['backend'] => ({
  bucket: `marketfeed-tfstate-${producerAccountId}`,
  region: REGION,
  kmsKeyArn: placeholderKmsKeyArn(producerAccountId),
});

/** The operators' role allowed to administer the OpenSearch domain. */
export const platformAdminArn = (producerAccountId: string): string =>
  `arn:aws:iam::${producerAccountId}:role/platform-admin`;

/** Kafka settings every environment keeps the same. */
export const KAFKA_COMMON = { version: '3.6.0', topicPrefix: 'marketfeed' } as const;

export const SEARCH_ENGINE_VERSION = 'OpenSearch_2.17';

/** A customer's own consumer stack, in their account, with the pinned console-consumer image. */
export const consumerStack = (
  accountId: string,
  vpcCidr: string,
  azIds: string[] = BROKER_AZ_IDS,
): ConsumerConfig => ({
  stateKmsKeyArn: placeholderKmsKeyArn(accountId),
  region: REGION,
  vpcCidr,
  azIds,
  image: CONSUMER_IMAGE,
});

type TaskCpu = EnvConfig['services']['sink']['cpu'];

/** A Fargate task size: every service gets 2 GiB of memory per vCPU (`cpu` in 1/1024 vCPU). */
export const taskSize = (cpu: TaskCpu): { cpu: TaskCpu; memoryMiB: number } => ({
  cpu,
  memoryMiB: cpu * 2,
});

/** Target tracking on consumer lag, the same target everywhere: records behind per task. */
export const lagScaling = (min: number, max: number) => ({ min, max, targetLagPerTask: 5000 });
