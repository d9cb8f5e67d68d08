import type { TerraformJson } from './synth.js';

/**
 * Security posture rules over synthesized Terraform JSON. Deliberately generic: it knows
 * nothing about our constructs, so a new resource cannot slip past by being unfamiliar.
 */

/** Actions that have no resource-level permissions: `Resource: "*"` is the only valid form. */
const UNSCOPABLE_ACTIONS = new Set([
  'ecr:GetAuthorizationToken',
  'sts:GetCallerIdentity',
  'logs:DescribeLogGroups',
  'ec2:DescribeNetworkInterfaces',
  'kafka:ListClusters',
]);

/** Checks for every store-like resource type; a store type missing here is itself a finding. */
const STORE_CHECKS: Record<string, (r: Record<string, unknown>) => string | undefined> = {
  aws_msk_cluster: (r) => {
    const enc = r.encryption_info as
      | { encryption_at_rest_kms_key_arn?: string; encryption_in_transit?: Record<string, unknown> }
      | undefined;
    if (!enc?.encryption_at_rest_kms_key_arn) return 'MSK without a customer-managed key at rest';
    if (enc.encryption_in_transit?.client_broker !== 'TLS')
      return 'MSK client-broker traffic not TLS-only';
    if (enc.encryption_in_transit?.in_cluster === false)
      return 'MSK in-cluster traffic unencrypted';
    return undefined;
  },
  aws_opensearch_domain: (r) => {
    if ((r.encrypt_at_rest as { enabled?: boolean } | undefined)?.enabled !== true)
      return 'OpenSearch not encrypted at rest';
    if ((r.node_to_node_encryption as { enabled?: boolean } | undefined)?.enabled !== true)
      return 'OpenSearch node-to-node unencrypted';
    if (
      (r.domain_endpoint_options as { enforce_https?: boolean } | undefined)?.enforce_https !== true
    )
      return 'OpenSearch accepts HTTP';
    return undefined;
  },
  aws_secretsmanager_secret: (r) => (r.kms_key_id ? undefined : 'secret under the AWS-managed key'),
  aws_cloudwatch_log_group: (r) =>
    r.kms_key_id ? undefined : 'log group without a customer-managed key',
  aws_ecr_repository: (r) => {
    const enc = (r.encryption_configuration as { encryption_type?: string }[] | undefined)?.[0];
    return enc?.encryption_type === 'KMS' ? undefined : 'ECR repository without KMS encryption';
  },
  aws_kms_key: (r) => (r.enable_key_rotation === true ? undefined : 'KMS key without rotation'),
  aws_ebs_volume: (r) => (r.encrypted === true ? undefined : 'unencrypted EBS volume'),
  aws_efs_file_system: (r) => (r.encrypted === true ? undefined : 'unencrypted EFS'),
  aws_db_instance: (r) => (r.storage_encrypted === true ? undefined : 'unencrypted RDS instance'),
  aws_rds_cluster: (r) => (r.storage_encrypted === true ? undefined : 'unencrypted RDS cluster'),
  aws_dynamodb_table: (r) =>
    (r.server_side_encryption as { enabled?: boolean } | undefined)?.enabled === true
      ? undefined
      : 'DynamoDB table without a CMK',
  aws_sqs_queue: (r) =>
    r.kms_master_key_id || r.sqs_managed_sse_enabled === true ? undefined : 'unencrypted SQS queue',
  aws_sns_topic: (r) => (r.kms_master_key_id ? undefined : 'unencrypted SNS topic'),
  aws_kinesis_stream: (r) =>
    r.encryption_type === 'KMS' ? undefined : 'unencrypted Kinesis stream',
};
const STORE_LIKE =
  /(_bucket$|dynamodb_table$|_queue$|sns_topic$|_volume$|db_instance$|rds_cluster$|elasticache_|file_system$|kinesis_stream$|ecr_repository$|log_group$|secretsmanager_secret$|opensearch_domain$|elasticsearch_domain$|msk_cluster$|msk_serverless_cluster$)/;

const SECRET_ATTRIBUTE =
  /(password|secret_string|secret_key|private_key|access_key|api_key|token)$/i;
const SECRET_ENV_NAME = /(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|KEY_ID|CREDENTIALS)/;
const SECRET_LOOKING_VALUES: [RegExp, string][] = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'AWS access key id'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private key'],
  [/:\/\/[^/\s:@]+:[^/\s@$]+@/, 'credentials in a URL'],
  [/password\s*[=:]\s*["']?[A-Za-z0-9+/_-]{6,}/i, 'inline password'],
  // A literal inside a Terraform expression: jsonencode({"password" = "..."}).
  [/["']?password["']?\s*[=:]\s*["'][^"'$]{4,}["']/i, 'literal password in an expression'],
];

const isTfReference = (s: string): boolean => s.includes('${');
const asArray = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

export interface Finding {
  where: string;
  problem: string;
}

function checkPolicy(where: string, doc: { Statement?: unknown }, findings: Finding[]): void {
  for (const [i, raw] of asArray(
    doc.Statement as Record<string, unknown> | Record<string, unknown>[],
  ).entries()) {
    const st = raw;
    const at = `${where} Statement[${i}]`;
    for (const banned of ['NotAction', 'NotResource', 'NotPrincipal'])
      if (banned in st) findings.push({ where: at, problem: `${banned} (allows everything else)` });
    if (st.Effect !== 'Allow') continue;
    const actions = asArray(st.Action as string | string[]);
    for (const a of actions)
      if (a === '*' || /^[A-Za-z0-9-]+:\*$/.test(a))
        findings.push({ where: at, problem: `wildcard action "${a}"` });
    const principal = st.Principal as string | Record<string, string | string[]> | undefined;
    const principals =
      principal === undefined
        ? []
        : typeof principal === 'string'
          ? [principal]
          : Object.values(principal).flatMap((p) => asArray(p));
    if (principals.includes('*')) findings.push({ where: at, problem: 'AnyPrincipal ("*")' });
    // In a resource policy (it has a Principal) "*" is the resource it is attached to.
    const resources = asArray(st.Resource as string | string[]);
    if (principal === undefined && resources.includes('*')) {
      const scopable = actions.filter((a) => !UNSCOPABLE_ACTIONS.has(a));
      if (scopable.length > 0)
        findings.push({
          where: at,
          problem: `Resource "*" for scopable actions ${scopable.join(', ')}`,
        });
    }
  }
}

function walk(value: unknown, path: string[], visit: (v: unknown, path: string[]) => void): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, String(i)], visit));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (k !== '//') walk(v, [...path, k], visit);
}

function tryJson(s: string): unknown {
  const t = s.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

function checkStrings(where: string, value: unknown, findings: Finding[]): void {
  walk(value, [], (v, path) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'Statement' in v)
      checkPolicy(`${where}.${path.join('.')}`, v as { Statement: unknown }, findings);
    if (typeof v !== 'string') return;
    const key = path[path.length - 1] ?? '';
    const at = `${where}.${path.join('.')}`;
    if (SECRET_ATTRIBUTE.test(key) && v.length > 0 && !isTfReference(v))
      findings.push({ where: at, problem: 'literal value in a secret attribute' });
    for (const [re, what] of SECRET_LOOKING_VALUES)
      if (re.test(v)) findings.push({ where: at, problem: what });
    const nested = tryJson(v);
    if (nested === undefined) return;
    // Container definitions: secrets belong in `secrets` (valueFrom), never in `environment`.
    if (Array.isArray(nested))
      for (const c of nested as { environment?: { name: string; value: string }[] }[])
        for (const e of c?.environment ?? [])
          if (SECRET_ENV_NAME.test(e.name))
            findings.push({
              where: `${at} env ${e.name}`,
              problem: 'secret-like variable in plain environment',
            });
    checkStrings(at, nested, findings);
  });
}

export function postureFindings(tf: TerraformJson): Finding[] {
  const findings: Finding[] = [];
  for (const [type, instances] of Object.entries(tf.resource)) {
    for (const [name, body] of Object.entries(instances)) {
      const where = `${type}.${name}`;
      checkStrings(where, body, findings);

      if (STORE_LIKE.test(type) || type in STORE_CHECKS) {
        const check = STORE_CHECKS[type];
        const problem = check
          ? check(body)
          : `store type ${type} has no encryption check in the posture test`;
        if (problem) findings.push({ where, problem });
      }

      if (type === 'aws_security_group')
        for (const rule of asArray(body.ingress as Record<string, unknown>[] | undefined)) {
          if (
            asArray(rule.cidr_blocks as string[]).includes('0.0.0.0/0') ||
            asArray(rule.ipv6_cidr_blocks as string[]).includes('::/0')
          )
            findings.push({ where, problem: 'ingress from the internet' });
        }
      if (
        type === 'aws_vpc_security_group_ingress_rule' &&
        (body.cidr_ipv4 === '0.0.0.0/0' || body.cidr_ipv6 === '::/0')
      )
        findings.push({ where, problem: 'ingress from the internet' });
      if (
        type === 'aws_security_group_rule' &&
        body.type === 'ingress' &&
        (asArray(body.cidr_blocks as string[]).includes('0.0.0.0/0') ||
          asArray(body.ipv6_cidr_blocks as string[]).includes('::/0'))
      )
        findings.push({ where, problem: 'ingress from the internet' });
    }
  }
  for (const [type, instances] of Object.entries(tf.data ?? {}))
    checkStrings(`data.${type}`, instances, findings);
  checkStrings('provider', tf.provider ?? {}, findings);
  checkStrings('terraform', tf.terraform, findings);
  for (const [name, out] of Object.entries(tf.output ?? {}))
    checkStrings(`output.${name}`, out, findings);
  return findings;
}
