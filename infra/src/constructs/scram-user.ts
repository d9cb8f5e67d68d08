import { Construct } from 'constructs';
import { TerraformStack, type ITerraformDependable } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy/index.js';
import { mskSecretName } from '@marketfeed/kafka/contract';
import { policyDocument } from '../iam/policy.js';

export interface ScramUserProps {
  username: string;
  keyArn: string;
  recoveryDays: number;
  /** Bumping it writes a fresh password (rotation, docs/runbook.md). */
  credentialVersion: number;
}

/** Terraform address of the ephemeral password of `username` (identifiers allow `-`). */
export const ephemeralPasswordName = (username: string): string =>
  `scram_${username.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * One SASL/SCRAM identity: the secret `AmazonMSK_<username>` ({"username","password"}) under the
 * customer-managed key, readable by MSK.
 *
 * The password never reaches Terraform state or plan: it comes from an ephemeral
 * `random_password` (random >= 3.7) and is written through the write-only `secret_string_wo`
 * (AWS provider >= 5.x, Terraform >= 1.11). cdktf 0.21 has no binding for ephemeral blocks, so
 * the block is added as raw JSON; the secret version's bindings do have `secretStringWo`.
 * Terraform writes the value only when `secret_string_wo_version` changes, so a plan does not
 * rotate it; bumping the version does.
 */
export class ScramUser extends Construct {
  readonly username: string;
  readonly secretArn: string;
  /** Value and policy: MSK reads the secret when it is associated, so these come first. */
  readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ScramUserProps) {
    super(scope, id);
    this.username = props.username;
    const passwordName = ephemeralPasswordName(props.username);
    // No special characters: the value ends up in Java properties files and shell variables.
    TerraformStack.of(this).addOverride(`ephemeral.random_password.${passwordName}`, {
      length: 40,
      special: false,
    });
    const secret = new SecretsmanagerSecret(this, 'secret', {
      name: mskSecretName(props.username),
      description: `SASL/SCRAM credentials of Kafka user ${props.username}`,
      kmsKeyId: props.keyArn,
      recoveryWindowInDays: props.recoveryDays,
    });
    this.secretArn = secret.arn;
    const version = new SecretsmanagerSecretVersion(this, 'value', {
      secretId: secret.id,
      secretStringWo: `\${jsonencode({"username" = ${JSON.stringify(props.username)}, "password" = ephemeral.random_password.${passwordName}.result})}`,
      secretStringWoVersion: props.credentialVersion,
    });
    const policy = new SecretsmanagerSecretPolicy(this, 'policy', {
      secretArn: secret.arn,
      policy: policyDocument([
        {
          Sid: 'AWSKafkaResourcePolicy',
          Effect: 'Allow',
          Principal: { Service: 'kafka.amazonaws.com' },
          Action: ['secretsmanager:GetSecretValue'],
          Resource: secret.arn,
        },
      ]),
    });
    this.ready = [version, policy];
  }
}
