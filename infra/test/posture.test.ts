import { describe, expect, it } from 'vitest';
import { App, Fn, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition/index.js';
import { OpensearchDomainPolicy } from '@cdktf/provider-aws/lib/opensearch-domain-policy/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { environments } from '../config/index.js';
import { DEPLOY_PHASES } from '../config/phases.js';
import { atPhase } from './support/phases.js';
import { postureFindings } from './support/posture.js';
import { synthEnv, type TerraformJson } from './support/synth.js';

const variants = environments.flatMap((cfg) =>
  DEPLOY_PHASES.map((phase) => [`${cfg.env} (phase ${phase})`, atPhase(cfg, phase)] as const),
);

describe.each(variants)('security posture of every stack of %s', (_label, cfg) => {
  for (const stack of synthEnv(cfg)) {
    it(`${stack.name} has no wildcard IAM, no internet ingress, no unencrypted store, no plaintext secret`, () => {
      expect(postureFindings(stack.tf)).toEqual([]);
    });
  }
});

describe('the posture scan', () => {
  // A stack that breaks every rule once, to prove the scan sees each kind of problem.
  const app = new App();
  const bad = new TerraformStack(app, 'bad');
  new AwsProvider(bad, 'aws', { region: 'us-east-1' });
  const role = new IamRole(bad, 'role', {
    name: 'r',
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Action: ['sts:AssumeRole'],
        },
      ],
    }),
  });
  new IamRolePolicy(bad, 'kafka-star', {
    role: role.name,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'kafka:*', Resource: 'arn:aws:kafka:::x' }],
    }),
  });
  new IamRolePolicy(bad, 'resource-star', {
    role: role.name,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: '*' }],
    }),
  });
  new OpensearchDomainPolicy(bad, 'open-domain', {
    domainName: 'd',
    accessPolicies: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:ESHttpGet', Resource: '*' },
      ],
    }),
  });
  const sg = new SecurityGroup(bad, 'sg', {
    name: 'open',
    ingress: [{ fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }],
  });
  new VpcSecurityGroupIngressRule(bad, 'v6', {
    securityGroupId: sg.id,
    ipProtocol: '-1',
    cidrIpv6: '::/0',
  });
  const secret = new SecretsmanagerSecret(bad, 'plain-secret', { name: 'x' });
  new SecretsmanagerSecretVersion(bad, 'literal', {
    secretId: secret.id,
    secretString: Fn.jsonencode({ username: 'u', password: 'hunter2hunter2' }),
  });
  new SecretsmanagerSecretVersion(bad, 'literal-plain', {
    secretId: secret.id,
    secretString: 'hunter2hunter2',
  });
  new CloudwatchLogGroup(bad, 'plain-logs', { name: 'l' });
  new SqsQueue(bad, 'plain-queue', { name: 'q' });
  new EcsTaskDefinition(bad, 'td', {
    family: 'f',
    containerDefinitions: JSON.stringify([
      {
        name: 'c',
        image: 'i',
        environment: [
          { name: 'KAFKA_PASSWORD', value: 'hunter2hunter2' },
          { name: 'OPENSEARCH_URL', value: 'https://admin:hunter2@search.example' },
        ],
      },
    ]),
  });
  const tf = JSON.parse(Testing.synth(bad)) as TerraformJson;
  const problems = postureFindings(tf).map((f) => `${f.where}: ${f.problem}`);

  it.each([
    ['a service:* action', /kafka-star.*wildcard action "kafka:\*"/],
    [
      'Resource "*" on a scopable action',
      /resource-star.*Resource "\*" for scopable actions secretsmanager:GetSecretValue/,
    ],
    ['an AnyPrincipal resource policy', /open-domain.*AnyPrincipal/],
    ['IPv4 ingress from the internet', /aws_security_group\.sg.*ingress from the internet/],
    [
      'IPv6 ingress from the internet',
      /aws_vpc_security_group_ingress_rule\.v6.*ingress from the internet/,
    ],
    ['a secret under the AWS-managed key', /plain-secret.*AWS-managed key/],
    ['a literal secret string', /literal-plain.*literal value in a secret attribute/],
    [
      'a literal password inside a Terraform expression',
      /literal\.secret_string: literal password in an expression/,
    ],
    ['a log group without a CMK', /plain-logs.*without a customer-managed key/],
    ['a store type the scan has no check for', /plain-queue.*unencrypted SQS queue/],
    ['a password in a container environment', /env KAFKA_PASSWORD: secret-like variable/],
    ['credentials in a URL', /credentials in a URL/],
  ])('finds %s', (_what, pattern) => {
    expect(
      problems.some((p) => pattern.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('accepts a trust policy, which has a Principal and no Resource', () => {
    expect(problems.filter((p) => p.includes('aws_iam_role.role'))).toEqual([]);
  });
});

describe('the posture scan on a real stack', () => {
  it('notices when the synthesized cluster policy is widened to kafka:*', () => {
    const [committed] = environments;
    if (!committed) throw new Error('no environments');
    const dev = atPhase(committed, 'multi-vpc');
    const feed = synthEnv(dev).find((s) => s.name === `feed-${dev.env}`);
    if (!feed) throw new Error('no feed stack');
    const tf = structuredClone(feed.tf);
    const policies = tf.resource.aws_msk_cluster_policy ?? {};
    for (const p of Object.values(policies))
      p.policy = String(p.policy).replace('"kafka:CreateVpcConnection"', '"kafka:*"');
    expect(postureFindings(tf).map((f) => f.problem)).toContain('wildcard action "kafka:*"');
  });
});
