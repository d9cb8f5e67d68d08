import { Construct } from 'constructs';
import { MskVpcConnection } from '@cdktf/provider-aws/lib/msk-vpc-connection/index.js';
import { DataAwsMskBootstrapBrokers } from '@cdktf/provider-aws/lib/data-aws-msk-bootstrap-brokers/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster/index.js';
import { secretJsonKey } from '../services/task-env.js';
import { FargateApp } from './fargate-app.js';
import type { Network } from './network.js';

/**
 * The one writable directory of the client task (root filesystem read-only). A Fargate bind
 * mount is root-owned 0755 unless the image declares a VOLUME at the same path, whose owner it
 * then keeps: apache/kafka declares `/mnt/shared/config`, owned by its non-root `appuser`.
 */
export const CLIENT_SCRATCH = '/mnt/shared/config';

/**
 * The client task's entry point: write the SASL settings to a file only the process can read,
 * drop the password from the environment, then become the console consumer.
 */
export const CONSOLE_CONSUMER_SCRIPT = [
  'set -eu',
  'umask 077',
  `mkdir -p ${CLIENT_SCRATCH}/logs ${CLIENT_SCRATCH}/tmp`,
  "printf '%s\\n' security.protocol=SASL_SSL sasl.mechanism=SCRAM-SHA-512 " +
    '"sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required ' +
    `username=\\"$KAFKA_USERNAME\\" password=\\"$KAFKA_PASSWORD\\";" > ${CLIENT_SCRATCH}/client.properties`,
  'unset KAFKA_PASSWORD',
  'exec /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server "$KAFKA_BROKERS" ' +
    `--topic "$FEED_TOPIC" --group "$FEED_GROUP" --consumer.config ${CLIENT_SCRATCH}/client.properties`,
].join('\n');

/** Port range of the brokers behind a managed VPC connection. */
export const MULTI_VPC_PORTS = { from: 14001, to: 14100 } as const;

export interface ConsumerAccessProps {
  name: string;
  accountId: string;
  region: string;
  network: Network;
  keyArn: string;
  clusterArn: string;
  /** SCRAM user issued to this customer (`customer-<name>`). */
  username: string;
  /** The topic the client reads and its consumer group (one its ACLs grant). */
  topic: string;
  group: string;
  /** Pinned by digest (config schema). */
  image: string;
  logRetentionDays: number;
  secretRecoveryDays: number;
}

/**
 * The customer side: a managed VPC connection (PrivateLink, SASL/SCRAM) to the producer's
 * cluster, and a Fargate task that reads the enriched topic with the customer's credentials.
 */
export class ConsumerAccess extends Construct {
  readonly vpcConnectionArn: string;
  readonly bootstrapBrokers: string;
  readonly credentialsSecretArn: string;

  constructor(scope: Construct, id: string, props: ConsumerAccessProps) {
    super(scope, id);
    const { network } = props;

    const clientSg = new SecurityGroup(this, 'client-sg', {
      name: `${props.name}-client`,
      description: 'Feed consumer tasks: no ingress',
      vpcId: network.vpcId,
    });
    const connectionSg = new SecurityGroup(this, 'connection-sg', {
      name: `${props.name}-msk-connection`,
      description: 'Managed VPC connection to the feed cluster: Kafka from the consumer tasks',
      vpcId: network.vpcId,
    });
    new VpcSecurityGroupIngressRule(this, 'connection-from-client', {
      securityGroupId: connectionSg.id,
      description: 'Kafka (multi-VPC ports) from the consumer tasks',
      ipProtocol: 'tcp',
      fromPort: MULTI_VPC_PORTS.from,
      toPort: MULTI_VPC_PORTS.to,
      referencedSecurityGroupId: clientSg.id,
    });
    new VpcSecurityGroupEgressRule(this, 'client-to-connection', {
      securityGroupId: clientSg.id,
      description: 'Kafka through the managed VPC connection',
      ipProtocol: 'tcp',
      fromPort: MULTI_VPC_PORTS.from,
      toPort: MULTI_VPC_PORTS.to,
      referencedSecurityGroupId: connectionSg.id,
    });
    new VpcSecurityGroupEgressRule(this, 'client-https', {
      securityGroupId: clientSg.id,
      description: 'HTTPS: image registry, CloudWatch Logs, Secrets Manager',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });

    const connection = new MskVpcConnection(this, 'connection', {
      authentication: 'SASL_SCRAM',
      targetClusterArn: props.clusterArn,
      vpcId: network.vpcId,
      clientSubnets: network.privateSubnetIds,
      securityGroups: [connectionSg.id],
    });
    this.vpcConnectionArn = connection.arn;

    // Allowed across accounts by the producer's cluster policy (kafka:GetBootstrapBrokers).
    const brokers = new DataAwsMskBootstrapBrokers(this, 'brokers', {
      clusterArn: props.clusterArn,
    });
    this.bootstrapBrokers = brokers.bootstrapBrokersVpcConnectivitySaslScram;

    // The producer hands the SCRAM password over out of band; the customer stores it here
    // (README "Onboarding a consumer account"), so it never passes through Terraform.
    const credentials = new SecretsmanagerSecret(this, 'credentials', {
      name: `${props.name}/feed-credentials`,
      description: 'marketfeed SASL/SCRAM credentials: {"username","password"}',
      kmsKeyId: props.keyArn,
      recoveryWindowInDays: props.secretRecoveryDays,
    });
    this.credentialsSecretArn = credentials.arn;

    const ecs = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });

    // The password reaches the JVM through a properties file on the task's scratch volume,
    // written by the shell's printf builtin (no process of its own, so never on a command
    // line) and readable by the client's user only; the root filesystem stays read-only.
    const client = `${props.name}-client`;
    new FargateApp(this, 'client', {
      name: client,
      accountId: props.accountId,
      region: props.region,
      clusterArn: ecs.arn,
      clusterName: ecs.name,
      subnetIds: network.privateSubnetIds,
      securityGroupIds: [clientSg.id],
      image: props.image,
      cpu: 256,
      memoryMiB: 512,
      env: {
        environment: {
          KAFKA_BROKERS: this.bootstrapBrokers,
          KAFKA_USERNAME: props.username,
          FEED_TOPIC: props.topic,
          FEED_GROUP: props.group,
          // Kafka's scripts write their logs under LOG_DIR; the JVM unpacks compression codecs'
          // native libraries into java.io.tmpdir. Both on the scratch volume.
          LOG_DIR: `${CLIENT_SCRATCH}/logs`,
          KAFKA_OPTS: `-Djava.io.tmpdir=${CLIENT_SCRATCH}/tmp -XX:-UsePerfData`,
        },
        secrets: { KAFKA_PASSWORD: secretJsonKey(credentials.arn, 'password') },
      },
      secretArns: [credentials.arn],
      keyArn: props.keyArn,
      logRetentionDays: props.logRetentionDays,
      command: ['sh', '-c', CONSOLE_CONSUMER_SCRIPT],
      scratchPaths: [CLIENT_SCRATCH],
      desiredCount: 1,
      singleton: true,
    });
  }
}
