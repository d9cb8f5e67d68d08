import {
  localAcls,
  STACK_SCRAM_USERS,
  ADMIN_USER,
  TOPIC_ROLES,
  TOPIC_SUFFIXES,
  topicCatalog,
  type AclGrant,
} from '@marketfeed/kafka/contract';

/**
 * docker/kafka/*.conf, the files docker compose's kafka-init reads, rendered from the contract
 * so compose and `npm run stack:up` create the same topics, users and ACLs. Placeholders are
 * filled by init.sh: {prefix} is FEED_TOPIC_PREFIX, {partitions} is TOPIC_PARTITIONS.
 */

const GENERATED =
  '# Generated from @marketfeed/kafka/contract by `npm run compose:conf`; do not edit.';
// A partition count no catalog uses, to tell the prefix-wide count from fixed ones.
const PARTITIONS_PLACEHOLDER = -1;

const table = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 2)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
};

export function topicsConf(): string {
  const catalog = topicCatalog('{prefix}', PARTITIONS_PLACEHOLDER);
  const rows = TOPIC_ROLES.map((role) => {
    const spec = catalog[role];
    return [
      TOPIC_SUFFIXES[role],
      spec.numPartitions === PARTITIONS_PLACEHOLDER ? '{partitions}' : String(spec.numPartitions),
      Object.entries(spec.configEntries)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ];
  });
  return [
    GENERATED,
    '# Columns: suffix, partitions, topic configs (k=v,...). {partitions} is TOPIC_PARTITIONS.',
    table(rows),
    '',
  ].join('\n');
}

export function aclsConf(): string {
  const rows = localAcls('{prefix}').map((g) => [
    g.user,
    g.resource.type,
    g.resource.pattern,
    g.resource.name,
    g.operations.join(','),
  ]);
  return [
    GENERATED,
    '# Columns: user, resource type, pattern, name, operations. {prefix} is FEED_TOPIC_PREFIX.',
    table(rows),
    '',
  ].join('\n');
}

/** The rows of a rendered file as docker/kafka/init.sh reads them: no comments, split on blanks. */
export function confRows(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/));
}

/** acls.conf read back as kafka-init grants it for `prefix` (what the tests compare). */
export function readAclsConf(text: string, prefix: string): AclGrant[] {
  return confRows(text).map(([user, type, pattern, name, operations]) => ({
    user: user!,
    resource: {
      type: type as AclGrant['resource']['type'],
      name: name!.replaceAll('{prefix}', prefix),
      pattern: pattern as 'literal' | 'prefixed',
    },
    operations: operations!.split(',') as AclGrant['operations'],
  }));
}

/** SCRAM users kafka-init creates; each one's password comes from KAFKA_<USER>_PASSWORD. */
export function usersConf(): string {
  const users = STACK_SCRAM_USERS.filter((u) => u !== ADMIN_USER);
  return [
    GENERATED,
    `# ${ADMIN_USER} is created by the broker's format step and is the super user.`,
    ...users,
    '',
  ].join('\n');
}

export const COMPOSE_KAFKA_CONF: Readonly<Record<string, () => string>> = {
  'docker/kafka/topics.conf': topicsConf,
  'docker/kafka/acls.conf': aclsConf,
  'docker/kafka/users.conf': usersConf,
};
