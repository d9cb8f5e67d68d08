import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain/index.js';
import { OpensearchDomainPolicy } from '@cdktf/provider-aws/lib/opensearch-domain-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy/index.js';
import { policyDocument, type Statement } from '../iam/policy.js';

export interface FeedSearchProps {
  name: string;
  accountId: string;
  region: string;
  logRetentionDays: number;
  vpcId: string;
  privateSubnetIds: string[];
  keyArn: string;
  search: {
    engineVersion: string;
    instanceType: string;
    instanceCount: number;
    dedicatedMasterType?: string | undefined;
    volumeSizeGiB: number;
    adminPrincipalArns: string[];
  };
}

const READ_WRITE = ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut'];

/**
 * The OpenSearch domain in the VPC: fine-grained access control, encrypted at rest (customer
 * key) and between nodes, HTTPS only with TLS 1.2+ and forward secrecy.
 *
 * Authentication is IAM throughout: the master user is a role (`<name>-search-admin`) that
 * named admin principals assume, and writers are task roles granted with `grantReadWrite`.
 * An internal-user master password would only work behind an access policy open to any
 * principal (basic-auth requests are unsigned), which this domain must not have.
 */
export class FeedSearch extends Construct {
  readonly endpoint: string;
  readonly domainArn: string;
  readonly domainName: string;
  readonly securityGroupId: string;
  readonly adminRoleArn: string;
  private readonly writers: string[] = [];

  constructor(scope: Construct, id: string, props: FeedSearchProps) {
    super(scope, id);
    const { search } = props;
    const zones = Math.min(search.instanceCount, 3);

    const sg = new SecurityGroup(this, 'domain-sg', {
      name: `${props.name}-search`,
      description: 'OpenSearch domain: HTTPS from the clients allowed by allowHttpsFrom',
      vpcId: props.vpcId,
    });
    this.securityGroupId = sg.id;

    const admin = new IamRole(this, 'admin-role', {
      name: `${props.name}-search-admin`,
      description: 'OpenSearch master user (fine-grained access control)',
      maxSessionDuration: 3600,
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: { AWS: search.adminPrincipalArns },
          Action: ['sts:AssumeRole'],
        },
      ]),
    });
    this.adminRoleArn = admin.arn;

    // Application and audit logs (who did what under fine-grained access control).
    const logs = new CloudwatchLogGroup(this, 'logs', {
      name: `/marketfeed/${props.name}/opensearch`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.keyArn,
    });
    const logsPolicy = new CloudwatchLogResourcePolicy(this, 'logs-policy', {
      policyName: `${props.name}-opensearch-logs`,
      policyDocument: policyDocument([
        {
          Effect: 'Allow',
          Principal: { Service: 'es.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logs.arn}:*`,
          Condition: {
            StringEquals: { 'aws:SourceAccount': props.accountId },
            ArnLike: {
              'aws:SourceArn': `arn:aws:es:${props.region}:${props.accountId}:domain/${props.name}`,
            },
          },
        },
      ]),
    });

    const domain = new OpensearchDomain(this, 'domain', {
      domainName: props.name,
      engineVersion: search.engineVersion,
      clusterConfig: {
        instanceType: search.instanceType,
        instanceCount: search.instanceCount,
        zoneAwarenessEnabled: zones > 1,
        ...(search.dedicatedMasterType
          ? {
              dedicatedMasterEnabled: true,
              dedicatedMasterType: search.dedicatedMasterType,
              dedicatedMasterCount: 3,
            }
          : {}),
        ...(zones > 1 ? { zoneAwarenessConfig: { availabilityZoneCount: zones } } : {}),
      },
      vpcOptions: {
        subnetIds: props.privateSubnetIds.slice(0, zones),
        securityGroupIds: [sg.id],
      },
      ebsOptions: { ebsEnabled: true, volumeSize: search.volumeSizeGiB, volumeType: 'gp3' },
      encryptAtRest: { enabled: true, kmsKeyId: props.keyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: {
        enforceHttps: true,
        tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10',
      },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: admin.arn },
      },
      logPublishingOptions: ['ES_APPLICATION_LOGS', 'AUDIT_LOGS'].map((logType) => ({
        logType,
        cloudwatchLogGroupArn: logs.arn,
        enabled: true,
      })),
      dependsOn: [logsPolicy],
    });
    this.endpoint = domain.endpoint;
    this.domainName = domain.domainName;
    this.domainArn = domain.arn;

    new OpensearchDomainPolicy(this, 'access-policy', {
      domainName: domain.domainName,
      accessPolicies: Lazy.stringValue({
        produce: () => {
          const statements: Statement[] = [
            {
              Sid: 'SearchAdmin',
              Effect: 'Allow',
              Principal: { AWS: admin.arn },
              Action: [...READ_WRITE, 'es:ESHttpDelete', 'es:ESHttpPatch'],
              Resource: `${domain.arn}/*`,
            },
          ];
          if (this.writers.length > 0)
            statements.push({
              Sid: 'FeedWriters',
              Effect: 'Allow',
              Principal: { AWS: [...this.writers] },
              Action: READ_WRITE,
              Resource: `${domain.arn}/*`,
            });
          return policyDocument(statements);
        },
      }),
    });
  }

  /** Let `roleArn` sign requests to the domain (it still needs an FGAC role mapping). */
  grantReadWrite(roleArn: string): Statement {
    this.writers.push(roleArn);
    return { Effect: 'Allow', Action: READ_WRITE, Resource: `${this.domainArn}/*` };
  }

  allowHttpsFrom(id: string, securityGroupId: string, description: string): void {
    new VpcSecurityGroupIngressRule(this, `ingress-${id}`, {
      securityGroupId: this.securityGroupId,
      description,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: securityGroupId,
    });
  }
}
