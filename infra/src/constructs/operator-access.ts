import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import type { FeedCluster } from './feed-cluster.js';
import type { FeedSearch } from './feed-search.js';

export interface OperatorAccessProps {
  name: string;
  vpcId: string;
  cluster: FeedCluster;
  search: FeedSearch;
}

/**
 * The security group operators attach to whatever runs the admin CLI or the OpenSearch
 * security API inside the VPC (an ECS run-task, a CloudShell VPC environment). Nothing is
 * reachable from outside the VPC, so this is the only way in for administration.
 */
export class OperatorAccess extends Construct {
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: OperatorAccessProps) {
    super(scope, id);
    const sg = new SecurityGroup(this, 'sg', {
      name: `${props.name}-operator`,
      description: 'Operators: admin CLI to the brokers, security API to the domain; no ingress',
      vpcId: props.vpcId,
    });
    this.securityGroupId = sg.id;
    props.cluster.allowEgressFrom(this, 'to-brokers', sg.id);
    new VpcSecurityGroupEgressRule(this, 'https', {
      securityGroupId: sg.id,
      description: 'HTTPS: the OpenSearch domain and AWS APIs',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });
    props.cluster.allowClientsFrom('operator', sg.id, 'operators (admin CLI)');
    props.search.allowHttpsFrom('operator', sg.id, 'operators (security API)');
  }
}
