import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { accountRoot, policyDocument } from '../iam/policy.js';

export interface FeedKeyProps {
  name: string;
  accountId: string;
  region: string;
  /** Log groups whose names start with this may encrypt with the key. */
  logGroupPrefix: string;
  /** Let CloudWatch alarms publish to topics encrypted with this key. */
  alarmTopics?: boolean;
}

/**
 * The customer-managed key for everything at rest in one stack: MSK volumes, SCRAM secrets
 * (MSK rejects secrets under the AWS-managed key), OpenSearch, ECR and log groups.
 */
export class FeedKey extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: FeedKeyProps) {
    super(scope, id);
    const logGroupArns = `arn:aws:logs:${props.region}:${props.accountId}:log-group:${props.logGroupPrefix}*`;
    // In a key policy "Resource": "*" means this key; the account root is named so that IAM
    // policies (scoped per role) can grant use, with explicit actions rather than kms:*.
    const key = new KmsKey(this, 'key', {
      description: `${props.name}: MSK, secrets, OpenSearch, ECR and logs at rest`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        {
          Sid: 'AccountAdministersAndDelegatesToIam',
          Effect: 'Allow',
          Principal: { AWS: accountRoot(props.accountId) },
          Action: [
            'kms:Create*',
            'kms:Describe*',
            'kms:Enable*',
            'kms:List*',
            'kms:Put*',
            'kms:Update*',
            'kms:Revoke*',
            'kms:Disable*',
            'kms:Get*',
            'kms:Delete*',
            'kms:TagResource',
            'kms:UntagResource',
            'kms:ScheduleKeyDeletion',
            'kms:CancelKeyDeletion',
            'kms:RotateKeyOnDemand',
            'kms:Encrypt',
            'kms:Decrypt',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:CreateGrant',
            'kms:ListGrants',
            'kms:RetireGrant',
          ],
          Resource: '*',
        },
        {
          Sid: 'CloudWatchLogsForOurLogGroups',
          Effect: 'Allow',
          Principal: { Service: `logs.${props.region}.amazonaws.com` },
          Action: [
            'kms:Encrypt*',
            'kms:Decrypt*',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:Describe*',
          ],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArns } },
        },
        ...(props.alarmTopics
          ? [
              {
                Sid: 'CloudWatchAlarmsPublishToEncryptedTopics',
                Effect: 'Allow' as const,
                Principal: { Service: 'cloudwatch.amazonaws.com' },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
                Resource: '*',
                Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
              },
            ]
          : []),
      ]),
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.name}`, targetKeyId: key.keyId });
    this.arn = key.arn;
  }
}
