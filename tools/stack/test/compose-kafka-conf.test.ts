import {
  catalogTopics,
  localAcls,
  STACK_SCRAM_USERS,
  topicCatalog,
  type AclGrant,
  type TopicSpec,
} from '@marketfeed/kafka/contract';
import { describe, expect, it } from 'vitest';
import { aclsConf, topicsConf, usersConf } from '../src/compose-kafka-conf.js';

// Read the rendered files the way docker/kafka/init.sh does, and compare with the contract.
const rows = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/));

const topicsAsInitCreatesThem = (prefix: string, partitions: number): TopicSpec[] =>
  rows(topicsConf()).map(([suffix, count, configs]) => ({
    name: `${prefix}.${suffix}`,
    numPartitions: Number(count === '{partitions}' ? partitions : count),
    configEntries: Object.fromEntries(
      (configs ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => kv.split('=') as [string, string]),
    ),
  }));

const aclsAsInitGrantsThem = (prefix: string): AclGrant[] =>
  rows(aclsConf()).map(([user, type, pattern, name, operations]) => ({
    user: user!,
    resource: {
      type: type as AclGrant['resource']['type'],
      name: name!.replaceAll('{prefix}', prefix),
      pattern: pattern as 'literal' | 'prefixed',
    },
    operations: operations!.split(',') as AclGrant['operations'],
  }));

describe('docker/kafka/*.conf rendered from the contract', () => {
  it.each([
    ['marketfeed', 6],
    ['feed2', 12],
  ] as const)(
    'creates the catalog topics with their configs (prefix %s, %i partitions)',
    (p, n) => {
      expect(topicsAsInitCreatesThem(p, n)).toEqual(catalogTopics(topicCatalog(p, n)));
    },
  );

  it.each(['marketfeed', 'feed2'])('grants the local ACL set (prefix %s)', (prefix) => {
    expect(aclsAsInitGrantsThem(prefix)).toEqual(localAcls(prefix));
  });

  it('creates every stack SCRAM user but the broker-formatted admin', () => {
    expect(rows(usersConf()).flat()).toEqual(STACK_SCRAM_USERS.filter((u) => u !== 'admin'));
  });
});
