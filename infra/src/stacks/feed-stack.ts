import type { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import { ADMIN_USER, customerPrincipal, topicName } from '@marketfeed/kafka/contract';
import type { EnvConfig } from '../../config/schema.js';
import { clusterSettings } from '../../config/phases.js';
import { FeedAlarms } from '../monitoring/feed-alarms.js';
import { Network } from '../constructs/network.js';
import { FeedKey } from '../constructs/feed-key.js';
import { FeedCluster } from '../constructs/feed-cluster.js';
import { FeedSearch } from '../constructs/feed-search.js';
import { FeedServices } from '../constructs/feed-services.js';
import { OperatorAccess } from '../constructs/operator-access.js';
import { APPS, consumerGroupId, kafkaUsername } from '../services/task-env.js';
import { awsProvider, useS3Backend } from './common.js';

export const feedStackName = (cfg: EnvConfig): string => `feed-${cfg.env}`;
/** A customer's SCRAM user, `customer-<name>` (the contract's rule). */
export const customerUsername = (customer: string): string => customerPrincipal(customer);
/** The admin CLI's SCRAM user: creates topics and ACLs (and, first, its own ACLs). */
export const ADMIN_USERNAME = ADMIN_USER;

/** The producer account: network, cluster, search domain and the three services. */
export class FeedStack extends TerraformStack {
  readonly cluster: FeedCluster;
  /** Alarm name → runbook section (tests check both ends). */
  readonly alarms: ReadonlyMap<string, string>;

  constructor(scope: Construct, cfg: EnvConfig) {
    const name = feedStackName(cfg);
    super(scope, name);
    useS3Backend(this, cfg.backend, name);
    awsProvider(this, cfg.region, cfg.producerAccountId, { env: cfg.env, stack: name });
    new RandomProvider(this, 'random');

    const key = new FeedKey(this, 'key', {
      name,
      accountId: cfg.producerAccountId,
      region: cfg.region,
      logGroupPrefix: `/marketfeed/${name}`,
      alarmTopics: true,
    });
    const network = new Network(this, 'network', {
      name,
      region: cfg.region,
      cidr: cfg.network.cidr,
      azIds: cfg.network.azIds,
      natGateways: cfg.network.natGateways,
      interfaceEndpoints: cfg.network.interfaceEndpoints,
      flowLogs: {
        accountId: cfg.producerAccountId,
        keyArn: key.arn,
        retentionDays: cfg.services.logRetentionDays,
      },
    });

    const { aclsEnforced, multiVpc } = clusterSettings(cfg.phase);
    const users = [
      ADMIN_USERNAME,
      ...APPS.map(kafkaUsername),
      ...cfg.customers.map((c) => customerUsername(c.name)),
    ];
    this.cluster = new FeedCluster(this, 'cluster', {
      name,
      vpcId: network.vpcId,
      vpcCidr: network.cidr,
      privateSubnetIds: network.privateSubnetIds,
      keyArn: key.arn,
      kafka: { ...cfg.kafka, aclsEnforced, multiVpc },
      users: users.map((username) => ({
        username,
        credentialVersion: cfg.kafka.credentialVersions[username] ?? 1,
      })),
      consumerAccountIds: cfg.customers.map((c) => c.accountId),
      secretRecoveryDays: cfg.secretRecoveryDays,
    });

    const search = new FeedSearch(this, 'search', {
      name,
      accountId: cfg.producerAccountId,
      region: cfg.region,
      logRetentionDays: cfg.services.logRetentionDays,
      vpcId: network.vpcId,
      privateSubnetIds: network.privateSubnetIds,
      keyArn: key.arn,
      search: cfg.search,
    });

    const services = new FeedServices(this, 'services', {
      name,
      accountId: cfg.producerAccountId,
      region: cfg.region,
      vpcId: network.vpcId,
      privateSubnetIds: network.privateSubnetIds,
      keyArn: key.arn,
      cluster: this.cluster,
      search,
      topicPrefix: cfg.kafka.topicPrefix,
      services: cfg.services,
      secretRecoveryDays: cfg.secretRecoveryDays,
    });

    const alarms = new FeedAlarms(this, 'alarms', {
      name,
      accountId: cfg.producerAccountId,
      keyArn: key.arn,
      monitoring: cfg.monitoring,
      kafka: { clusterName: this.cluster.clusterName, brokerCount: cfg.kafka.brokerCount },
      search: { domainName: search.domainName, volumeSizeGiB: cfg.search.volumeSizeGiB },
      ecs: {
        clusterName: services.clusterName,
        serviceNames: Object.fromEntries(APPS.map((app) => [app, services.apps[app].name])),
      },
      lag: {
        enricher: {
          group: consumerGroupId('enricher', cfg.kafka.topicPrefix),
          topic: topicName(cfg.kafka.topicPrefix, 'raw'),
        },
        sink: {
          group: consumerGroupId('opensearch-sink', cfg.kafka.topicPrefix),
          topic: topicName(cfg.kafka.topicPrefix, 'enriched'),
        },
      },
    });

    const operator = new OperatorAccess(this, 'operator', {
      name,
      vpcId: network.vpcId,
      cluster: this.cluster,
      search,
    });

    new TerraformOutput(this, 'operator_security_group_id', { value: operator.securityGroupId });
    new TerraformOutput(this, 'private_subnet_ids', { value: network.privateSubnetIds });
    new TerraformOutput(this, 'cluster_arn', {
      value: this.cluster.arn,
      description: 'Put into config/<env>.ts clusterArn after the first apply',
    });
    new TerraformOutput(this, 'bootstrap_brokers_scram', {
      value: this.cluster.bootstrapBrokersScram,
    });
    this.alarms = alarms.alarms;
    new TerraformOutput(this, 'alarm_topic_arn', { value: alarms.topicArn });
    if (multiVpc)
      new TerraformOutput(this, 'bootstrap_brokers_multi_vpc_scram', {
        value: this.cluster.bootstrapBrokersVpcConnectivityScram,
      });
    new TerraformOutput(this, 'search_endpoint', { value: search.endpoint });
    new TerraformOutput(this, 'search_admin_role_arn', { value: search.adminRoleArn });
    for (const [app, url] of Object.entries(services.repositoryUrls))
      new TerraformOutput(this, `repository_${app.replace('-', '_')}`, { value: url });
  }
}
