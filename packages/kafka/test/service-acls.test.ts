import { describe, expect, it } from 'vitest';
import { serviceAcls, SERVICE_USERS, type AclGrant } from '../src/contract/index.js';

const render = (grants: readonly AclGrant[]) =>
  grants
    .flatMap((grant) =>
      grant.operations.map(
        (op) => `${op} ${grant.resource.type}:${grant.resource.pattern}:${grant.resource.name}`,
      ),
    )
    .sort();
const grantsOf = (user: string) => render(serviceAcls('p').filter((g) => g.user === user));

describe('serviceAcls', () => {
  it.each([
    {
      rule: 'lets the ingestor write raw, corporate-actions and the DLQ and nothing else',
      user: 'ingestor',
      grants: [
        'Describe topic:literal:p.corporate-actions',
        'Describe topic:literal:p.dlq',
        'Describe topic:literal:p.raw',
        'Write topic:literal:p.corporate-actions',
        'Write topic:literal:p.dlq',
        'Write topic:literal:p.raw',
      ],
    },
    {
      rule: 'lets the enricher read its inputs and state, write its outputs, and use its own group and transactional ids',
      user: 'enricher',
      grants: [
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
      ],
    },
    {
      rule: 'lets the sink read enriched, write the DLQ and use its own group',
      user: 'sink',
      grants: [
        'Describe topic:literal:p.dlq',
        'Describe topic:literal:p.enriched',
        'Read group:prefixed:p-opensearch-sink',
        'Read topic:literal:p.enriched',
        'Write topic:literal:p.dlq',
      ],
    },
    {
      rule: 'lets the web view read latest and enriched and use its own group, and write nothing',
      user: 'web',
      grants: [
        'Describe topic:literal:p.enriched',
        'Describe topic:literal:p.latest',
        'Read group:prefixed:p-web',
        'Read topic:literal:p.enriched',
        'Read topic:literal:p.latest',
      ],
    },
  ])('$rule', ({ user, grants }) => {
    expect(grantsOf(user)).toEqual(grants);
  });

  it('grants only the service users, never a wildcard, a cluster permission or a prefixed topic', () => {
    for (const grant of serviceAcls('marketfeed')) {
      expect(SERVICE_USERS).toContain(grant.user);
      expect(grant.resource.name).not.toBe('*');
      if (grant.resource.type === 'topic') expect(grant.resource.pattern).toBe('literal');
    }
  });
});
