import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { prefixOwnedAcls, serviceAcls, toKafkajsAcls, type ServiceUser } from './acls.js';

const grantsOf = (user: ServiceUser) =>
  serviceAcls('p')
    .filter((grant) => grant.user === user)
    .flatMap((grant) =>
      grant.operations.map(
        (op) => `${op} ${grant.resource.type}:${grant.resource.pattern}:${grant.resource.name}`,
      ),
    )
    .sort();

describe('serviceAcls', () => {
  it('lets the ingestor write raw, corporate-actions and the DLQ and nothing else', () => {
    expect(grantsOf('ingestor')).toEqual([
      'Describe topic:literal:p.corporate-actions',
      'Describe topic:literal:p.dlq',
      'Describe topic:literal:p.raw',
      'Write topic:literal:p.corporate-actions',
      'Write topic:literal:p.dlq',
      'Write topic:literal:p.raw',
    ]);
  });

  it('lets the enricher read its inputs and state, write its outputs, and use its own group and transactional ids', () => {
    expect(grantsOf('enricher')).toEqual([
      'Describe topic:literal:p.corporate-actions',
      'Describe topic:literal:p.dlq',
      'Describe topic:literal:p.enriched',
      'Describe topic:literal:p.enricher-state',
      'Describe topic:literal:p.latest',
      'Describe topic:literal:p.raw',
      'Describe transactional-id:prefixed:p-enricher',
      'Read group:prefixed:p-enricher',
      'Read topic:literal:p.corporate-actions',
      'Read topic:literal:p.enricher-state',
      'Read topic:literal:p.raw',
      'Write topic:literal:p.dlq',
      'Write topic:literal:p.enriched',
      'Write topic:literal:p.enricher-state',
      'Write topic:literal:p.latest',
      'Write transactional-id:prefixed:p-enricher',
    ]);
  });

  it('lets the sink read enriched, write the DLQ and use its own group', () => {
    expect(grantsOf('sink')).toEqual([
      'Describe topic:literal:p.dlq',
      'Describe topic:literal:p.enriched',
      'Read group:prefixed:p-opensearch-sink',
      'Read topic:literal:p.enriched',
      'Write topic:literal:p.dlq',
    ]);
  });

  it('lets the customer read enriched and latest, in customer-demo.* groups only', () => {
    expect(grantsOf('customer-demo')).toEqual([
      'Describe topic:literal:p.enriched',
      'Describe topic:literal:p.latest',
      'Read group:prefixed:customer-demo.',
      'Read topic:literal:p.enriched',
      'Read topic:literal:p.latest',
    ]);
  });

  it('never grants a wildcard, a cluster permission or a prefixed topic', () => {
    for (const grant of serviceAcls('marketfeed')) {
      expect(grant.resource.name).not.toBe('*');
      if (grant.resource.type === 'topic') expect(grant.resource.pattern).toBe('literal');
    }
  });
});

describe('prefixOwnedAcls', () => {
  it('leaves the customer group grant alone when a test prefix is cleaned up, since every prefix shares it', () => {
    const owned = prefixOwnedAcls('t-1');
    expect(
      owned.some((g) => g.resource.type === 'group' && g.resource.name === 'customer-demo.'),
    ).toBe(false);
    expect(owned).toHaveLength(serviceAcls('t-1').length - 1);
  });
});

describe('toKafkajsAcls', () => {
  it('emits one ALLOW entry per operation for the User principal on any host', () => {
    const [entry, ...rest] = toKafkajsAcls([
      {
        user: 'sink',
        resource: { type: 'group', name: 'g', pattern: 'prefixed' },
        operations: ['Read'],
      },
    ]);
    expect(rest).toEqual([]);
    expect(entry).toEqual({
      resourceType: kafkajs.AclResourceTypes.GROUP,
      resourceName: 'g',
      resourcePatternType: kafkajs.ResourcePatternTypes.PREFIXED,
      principal: 'User:sink',
      host: '*',
      operation: kafkajs.AclOperationTypes.READ,
      permissionType: kafkajs.AclPermissionTypes.ALLOW,
    });
  });
});
