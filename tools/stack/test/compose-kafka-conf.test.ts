import {
  catalogTopics,
  localAcls,
  STACK_SCRAM_USERS,
  topicCatalog,
  type AclGrant,
  type TopicSpec,
} from '@marketfeed/kafka/contract';
import { describe, expect, it } from 'vitest';
import {
  aclsConf,
  confRows as rows,
  readAclsConf,
  topicsConf,
  usersConf,
} from '../src/compose-kafka-conf.js';

// Read the rendered files the way docker/kafka/init.sh does, and compare with the contract.

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

const aclsAsInitGrantsThem = (prefix: string): AclGrant[] => readAclsConf(aclsConf(), prefix);

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
