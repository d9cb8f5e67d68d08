import type { Construct } from 'constructs';
import { S3Backend, type TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';

export interface BackendSettings {
  bucket: string;
  region: string;
  kmsKeyArn?: string | undefined;
}

/**
 * Remote state in S3 with S3-native locking (`use_lockfile`, Terraform >= 1.10), encrypted.
 * cdktf 0.21's S3Backend predates `use_lockfile`, hence the override.
 */
export function useS3Backend(
  stack: TerraformStack,
  backend: BackendSettings,
  stackName: string,
): void {
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${stackName}/terraform.tfstate`,
    region: backend.region,
    encrypt: true,
    ...(backend.kmsKeyArn ? { kmsKeyId: backend.kmsKeyArn } : {}),
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
}

/** An AWS provider that refuses to touch any account but `accountId`. */
export function awsProvider(
  scope: Construct,
  region: string,
  accountId: string,
  tags: Record<string, string>,
) {
  return new AwsProvider(scope, 'aws', {
    region,
    allowedAccountIds: [accountId],
    defaultTags: [{ tags: { project: 'marketfeed', 'managed-by': 'cdktf', ...tags } }],
  });
}
