import type { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { ConsumerConfig, CustomerConfig, EnvConfig } from '../../config/schema.js';
import { Network } from '../constructs/network.js';
import { FeedKey } from '../constructs/feed-key.js';
import { ConsumerAccess } from '../constructs/consumer-access.js';
import { awsProvider, useS3Backend } from './common.js';
import { customerIdentity, topicName } from '@marketfeed/kafka/contract';

export const consumerStackName = (cfg: EnvConfig, customer: CustomerConfig): string =>
  `consumer-${cfg.env}-${customer.name}`;

/**
 * A consumer account (applied by the customer, with their credentials): its own VPC, the
 * managed VPC connection to the feed, and a task reading the enriched topic.
 */
export class ConsumerStack extends TerraformStack {
  constructor(
    scope: Construct,
    cfg: EnvConfig,
    customer: CustomerConfig & { consumer: ConsumerConfig },
    clusterArn: string,
  ) {
    const name = consumerStackName(cfg, customer);
    super(scope, name);
    const consumer = customer.consumer;
    const identity = customerIdentity(customer.name);
    // The customer's own state bucket, by the same naming convention as the producer's.
    useS3Backend(
      this,
      {
        bucket: `marketfeed-tfstate-${customer.accountId}`,
        region: consumer.region,
        kmsKeyArn: consumer.stateKmsKeyArn,
      },
      name,
    );
    awsProvider(this, consumer.region, customer.accountId, { env: cfg.env, stack: name });

    const key = new FeedKey(this, 'key', {
      name,
      accountId: customer.accountId,
      region: consumer.region,
      logGroupPrefix: `/marketfeed/${name}`,
    });
    const network = new Network(this, 'network', {
      name,
      region: consumer.region,
      cidr: consumer.vpcCidr,
      azIds: consumer.azIds,
      natGateways: 1,
      interfaceEndpoints: false,
      flowLogs: { accountId: customer.accountId, keyArn: key.arn, retentionDays: 30 },
    });
    const access = new ConsumerAccess(this, 'access', {
      name,
      accountId: customer.accountId,
      region: consumer.region,
      network,
      keyArn: key.arn,
      clusterArn,
      username: identity.username,
      topic: topicName(cfg.kafka.topicPrefix, 'enriched'),
      // Inside the group prefix the customer's ACLs grant (`customer-<name>.`).
      group: `${identity.groupPrefix}console`,
      image: consumer.image,
      logRetentionDays: 30,
      secretRecoveryDays: cfg.secretRecoveryDays,
    });

    new TerraformOutput(this, 'vpc_connection_arn', { value: access.vpcConnectionArn });
    new TerraformOutput(this, 'bootstrap_brokers', { value: access.bootstrapBrokers });
    new TerraformOutput(this, 'credentials_secret_arn', { value: access.credentialsSecretArn });
  }
}
