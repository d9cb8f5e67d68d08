import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy/index.js';
import { policyDocument } from '../iam/policy.js';

export interface ScramUserProps {
  username: string;
  keyArn: string;
  recoveryDays: number;
}

/**
 * One SASL/SCRAM identity: the secret `AmazonMSK_<username>` ({"username","password"}) under the
 * customer-managed key, readable by MSK. The password is a `random_password`: its value exists in
 * Terraform state (encrypted bucket, see README) and in Secrets Manager, never in the
 * synthesized configuration, which only holds the reference.
 */
export class ScramUser extends Construct {
  readonly username: string;
  readonly secretArn: string;
  /** Value and policy: MSK reads the secret when it is associated, so these come first. */
  readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ScramUserProps) {
    super(scope, id);
    this.username = props.username;
    // No special characters: the value ends up in Java properties files and shell variables.
    const password = new Password(this, 'password', { length: 40, special: false });
    const secret = new SecretsmanagerSecret(this, 'secret', {
      name: `AmazonMSK_${props.username}`,
      description: `SASL/SCRAM credentials of Kafka user ${props.username}`,
      kmsKeyId: props.keyArn,
      recoveryWindowInDays: props.recoveryDays,
    });
    this.secretArn = secret.arn;
    const version = new SecretsmanagerSecretVersion(this, 'value', {
      secretId: secret.id,
      secretString: Fn.jsonencode({ username: props.username, password: password.result }),
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
