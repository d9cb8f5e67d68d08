import type { Construct } from 'constructs';
import { S3Backend, type TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';

export interface BackendSettings {
  bucket: string;
  region: string;
  kmsKeyArn: string;
}

/**
 * Terraform >= 1.11: write-only arguments (the SCRAM passwords, scram-user.ts) and S3-native
 * locking (`use_lockfile`, >= 1.10). Providers are pinned by cdktf to the exact versions the
 * bindings were generated for (required_providers in every synthesized stack).
 */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.11.0, < 2.0.0';

/**
 * Remote state in S3 with S3-native locking, encrypted with a customer-managed key.
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
    kmsKeyId: backend.kmsKeyArn,
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
  stack.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);
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
