import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway/index.js';
import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { Route } from '@cdktf/provider-aws/lib/route/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group/index.js';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { policyDocument, serviceTrustPolicy } from '../iam/policy.js';

export interface NetworkProps {
  name: string;
  region: string;
  cidr: string;
  /** One private and one public subnet per AZ id. */
  azIds: readonly string[];
  natGateways: number;
  interfaceEndpoints: boolean;
  /** VPC flow logs (all traffic) into a log group under the stack key. */
  flowLogs: { accountId: string; keyArn: string; retentionDays: number };
}

/**
 * A VPC with private subnets (brokers, tasks, domain, VPC connections) and public subnets that
 * hold only the NAT gateways. Subnets are placed by AZ id so that the producer and every
 * consumer account agree on the zones (names differ per account).
 */
export class Network extends Construct {
  readonly vpcId: string;
  readonly cidr: string;
  readonly privateSubnetIds: string[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    this.vpcId = vpc.id;
    this.cidr = props.cidr;

    // The default group allows all traffic between its members; strip it so nothing uses it.
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: vpc.id });

    const flowLogs = new CloudwatchLogGroup(this, 'flow-logs', {
      name: `/marketfeed/${props.name}/vpc-flow-logs`,
      retentionInDays: props.flowLogs.retentionDays,
      kmsKeyId: props.flowLogs.keyArn,
    });
    const flowRole = new IamRole(this, 'flow-logs-role', {
      name: `${props.name}-vpc-flow-logs`,
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com', props.flowLogs.accountId),
    });
    new IamRolePolicy(this, 'flow-logs-policy', {
      role: flowRole.name,
      name: 'deliver',
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [flowLogs.arn, `${flowLogs.arn}:*`],
        },
      ]),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: flowLogs.arn,
      iamRoleArn: flowRole.arn,
      maxAggregationInterval: 60,
    });

    const igw = new InternetGateway(this, 'igw', { vpcId: vpc.id, tags: { Name: props.name } });
    const publicRt = new RouteTable(this, 'public-rt', {
      vpcId: vpc.id,
      tags: { Name: `${props.name}-public` },
    });
    new Route(this, 'public-default', {
      routeTableId: publicRt.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });

    const nats: NatGateway[] = [];
    const privateRts: RouteTable[] = [];
    this.privateSubnetIds = [];

    props.azIds.forEach((azId, i) => {
      const pub = new Subnet(this, `public-${azId}`, {
        vpcId: vpc.id,
        availabilityZoneId: azId,
        cidrBlock: Fn.cidrsubnet(props.cidr, 8, 240 + i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${azId}` },
      });
      new RouteTableAssociation(this, `public-${azId}-rta`, {
        subnetId: pub.id,
        routeTableId: publicRt.id,
      });
      if (i < props.natGateways) {
        const eip = new Eip(this, `nat-${azId}-eip`, {
          domain: 'vpc',
          tags: { Name: `${props.name}-nat-${azId}` },
        });
        nats.push(
          new NatGateway(this, `nat-${azId}`, {
            allocationId: eip.allocationId,
            subnetId: pub.id,
            tags: { Name: `${props.name}-${azId}` },
            dependsOn: [igw],
          }),
        );
      }

      const priv = new Subnet(this, `private-${azId}`, {
        vpcId: vpc.id,
        availabilityZoneId: azId,
        cidrBlock: Fn.cidrsubnet(props.cidr, 4, i),
        tags: { Name: `${props.name}-private-${azId}` },
      });
      this.privateSubnetIds.push(priv.id);
      const rt = new RouteTable(this, `private-${azId}-rt`, {
        vpcId: vpc.id,
        tags: { Name: `${props.name}-private-${azId}` },
      });
      privateRts.push(rt);
      new RouteTableAssociation(this, `private-${azId}-rta`, {
        subnetId: priv.id,
        routeTableId: rt.id,
      });
    });

    privateRts.forEach((rt, i) => {
      const nat = nats[i % nats.length];
      if (!nat) throw new Error(`${props.name}: natGateways must be at least 1`);
      new Route(this, `private-${i}-default`, {
        routeTableId: rt.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.id,
      });
    });

    // Image layers come from S3: a free gateway endpoint keeps them off the NAT.
    new VpcEndpoint(this, 's3', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRts.map((rt) => rt.id),
      tags: { Name: `${props.name}-s3` },
    });

    if (props.interfaceEndpoints) {
      const sg = new SecurityGroup(this, 'endpoints-sg', {
        name: `${props.name}-endpoints`,
        description: 'Interface endpoints: HTTPS from inside the VPC',
        vpcId: vpc.id,
      });
      new VpcSecurityGroupIngressRule(this, 'endpoints-https', {
        securityGroupId: sg.id,
        description: 'HTTPS from the VPC',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: props.cidr,
      });
      for (const svc of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager']) {
        new VpcEndpoint(this, `ep-${svc.replace('.', '-')}`, {
          vpcId: vpc.id,
          serviceName: `com.amazonaws.${props.region}.${svc}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: this.privateSubnetIds,
          securityGroupIds: [sg.id],
          tags: { Name: `${props.name}-${svc}` },
        });
      }
    }
  }
}
