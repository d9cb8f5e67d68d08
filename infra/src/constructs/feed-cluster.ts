import { Construct } from 'constructs';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster/index.js';
import { MskConfiguration } from '@cdktf/provider-aws/lib/msk-configuration/index.js';
import { MskScramSecretAssociation } from '@cdktf/provider-aws/lib/msk-scram-secret-association/index.js';
import { MskClusterPolicy } from '@cdktf/provider-aws/lib/msk-cluster-policy/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target/index.js';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy/index.js';
import { accountRoot, policyDocument } from '../iam/policy.js';
import { ScramUser } from './scram-user.js';

/** Port of the SASL/SCRAM-over-TLS listener inside the VPC. */
export const SCRAM_PORT = 9096;

export interface FeedClusterProps {
  name: string;
  vpcId: string;
  vpcCidr: string;
  privateSubnetIds: string[];
  keyArn: string;
  kafka: {
    version: string;
    brokerInstanceType: string;
    brokerCount: number;
    volumeSizeGiB: number;
    storageAutoscaling: { maxVolumeSizeGiB: number; targetUtilizationPct: number };
    aclsEnforced: boolean;
    multiVpc: boolean;
    logRetentionDays: number;
  };
  /** SCRAM users to create and associate (apps and customers), with their credential version. */
  users: readonly { username: string; credentialVersion: number }[];
  /** Accounts allowed to create managed VPC connections; applied with multi-VPC only. */
  consumerAccountIds: readonly string[];
  secretRecoveryDays: number;
}

/** Broker settings; the README of infra/ explains why ACL enforcement comes in the second apply. */
export function serverProperties(aclsEnforced: boolean): string {
  return [
    `allow.everyone.if.no.acl.found=${aclsEnforced ? 'false' : 'true'}`,
    'auto.create.topics.enable=false',
    'default.replication.factor=3',
    'min.insync.replicas=2',
    'unclean.leader.election.enable=false',
    'num.partitions=6',
  ].join('\n');
}

/**
 * The MSK cluster: three brokers in private subnets, SASL/SCRAM over TLS only, TLS between
 * brokers, at rest under the customer key, broker logs in CloudWatch.
 */
export class FeedCluster extends Construct {
  readonly arn: string;
  readonly bootstrapBrokersScram: string;
  readonly bootstrapBrokersVpcConnectivityScram: string;
  readonly securityGroupId: string;
  readonly clusterName: string;
  private readonly users = new Map<string, ScramUser>();

  constructor(scope: Construct, id: string, props: FeedClusterProps) {
    super(scope, id);
    const { kafka } = props;

    const sg = new SecurityGroup(this, 'brokers-sg', {
      name: `${props.name}-brokers`,
      description: 'MSK brokers: SCRAM/TLS from the clients allowed by allowClientsFrom',
      vpcId: props.vpcId,
    });
    this.securityGroupId = sg.id;

    if (kafka.multiVpc) {
      // Managed VPC connections arrive through MSK's PrivateLink endpoint service, whose
      // load balancer sits in our own subnets: admit the VPC range, never the internet.
      new VpcSecurityGroupIngressRule(this, 'multi-vpc-ingress', {
        securityGroupId: sg.id,
        description: 'Multi-VPC private connectivity (PrivateLink) inside the VPC',
        ipProtocol: 'tcp',
        fromPort: 14001,
        toPort: 14100,
        cidrIpv4: props.vpcCidr,
      });
    }

    const config = new MskConfiguration(this, 'config', {
      name: props.name,
      description: 'marketfeed brokers: ACLs enforced, no topic auto-creation, durable writes',
      kafkaVersions: [kafka.version],
      serverProperties: serverProperties(kafka.aclsEnforced),
    });

    const logs = new CloudwatchLogGroup(this, 'broker-logs', {
      name: `/marketfeed/${props.name}/msk`,
      retentionInDays: kafka.logRetentionDays,
      kmsKeyId: props.keyArn,
    });

    const cluster = new MskCluster(this, 'cluster', {
      clusterName: props.name,
      kafkaVersion: kafka.version,
      numberOfBrokerNodes: kafka.brokerCount,
      brokerNodeGroupInfo: {
        instanceType: kafka.brokerInstanceType,
        clientSubnets: props.privateSubnetIds,
        securityGroups: [sg.id],
        storageInfo: { ebsStorageInfo: { volumeSize: kafka.volumeSizeGiB } },
        connectivityInfo: {
          publicAccess: { type: 'DISABLED' },
          ...(kafka.multiVpc
            ? {
                vpcConnectivity: {
                  clientAuthentication: { sasl: { scram: true, iam: false }, tls: false },
                },
              }
            : {}),
        },
      },
      clientAuthentication: {
        unauthenticated: false,
        sasl: { scram: true, iam: false },
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: props.keyArn,
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      configurationInfo: { arn: config.arn, revision: config.latestRevision },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logs.name } } },
      enhancedMonitoring: 'PER_BROKER',
      // Storage autoscaling below grows the volumes; Terraform must not shrink them back.
      lifecycle: {
        ignoreChanges: [
          'broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size',
        ],
      },
    });
    this.clusterName = cluster.clusterName;

    // MSK storage only grows: scale out before a disk fills (a full disk stops the broker).
    const storage = new AppautoscalingTarget(this, 'storage-scaling-target', {
      serviceNamespace: 'kafka',
      resourceId: cluster.arn,
      scalableDimension: 'kafka:broker-storage:VolumeSize',
      minCapacity: kafka.volumeSizeGiB,
      maxCapacity: kafka.storageAutoscaling.maxVolumeSizeGiB,
    });
    new AppautoscalingPolicy(this, 'storage-scaling', {
      name: `${props.name}-broker-storage`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: storage.serviceNamespace,
      resourceId: storage.resourceId,
      scalableDimension: storage.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: kafka.storageAutoscaling.targetUtilizationPct,
        predefinedMetricSpecification: {
          predefinedMetricType: 'KafkaBrokerStorageUtilization',
        },
        // MSK never shrinks broker volumes.
        disableScaleIn: true,
      },
    });
    this.arn = cluster.arn;
    this.bootstrapBrokersScram = cluster.bootstrapBrokersSaslScram;
    this.bootstrapBrokersVpcConnectivityScram = cluster.bootstrapBrokersVpcConnectivitySaslScram;

    for (const { username, credentialVersion } of props.users) {
      this.users.set(
        username,
        new ScramUser(this, `user-${username}`, {
          username,
          keyArn: props.keyArn,
          recoveryDays: props.secretRecoveryDays,
          credentialVersion,
        }),
      );
    }
    const users = [...this.users.values()];
    new MskScramSecretAssociation(this, 'scram-secrets', {
      clusterArn: cluster.arn,
      secretArnList: users.map((u) => u.secretArn),
      dependsOn: users.flatMap((u) => u.ready),
    });

    if (kafka.multiVpc && props.consumerAccountIds.length > 0) {
      new MskClusterPolicy(this, 'policy', {
        clusterArn: cluster.arn,
        policy: policyDocument([
          {
            Sid: 'ConsumerAccountsConnectPrivately',
            Effect: 'Allow',
            Principal: { AWS: props.consumerAccountIds.map(accountRoot) },
            // Exactly what creating a managed VPC connection and finding the brokers needs;
            // data-plane access is SCRAM + ACLs, not IAM.
            Action: [
              'kafka:CreateVpcConnection',
              'kafka:GetBootstrapBrokers',
              'kafka:DescribeCluster',
              'kafka:DescribeClusterV2',
            ],
            Resource: cluster.arn,
          },
        ]),
      });
    }
  }

  /** Admit Kafka clients in `securityGroupId` to the SCRAM listener. */
  allowClientsFrom(id: string, securityGroupId: string, description: string): void {
    new VpcSecurityGroupIngressRule(this, `ingress-${id}`, {
      securityGroupId: this.securityGroupId,
      description,
      ipProtocol: 'tcp',
      fromPort: SCRAM_PORT,
      toPort: SCRAM_PORT,
      referencedSecurityGroupId: securityGroupId,
    });
  }

  /** Lets clients in `securityGroupId` out to the SCRAM listener; the rule lives in `scope`, the client's. */
  allowEgressFrom(scope: Construct, id: string, securityGroupId: string): void {
    new VpcSecurityGroupEgressRule(scope, id, {
      securityGroupId,
      description: 'Kafka SASL/SCRAM over TLS',
      ipProtocol: 'tcp',
      fromPort: SCRAM_PORT,
      toPort: SCRAM_PORT,
      referencedSecurityGroupId: this.securityGroupId,
    });
  }

  secretArnOf(username: string): string {
    const user = this.users.get(username);
    if (!user) throw new Error(`no SCRAM user "${username}" on this cluster`);
    return user.secretArn;
  }
}
