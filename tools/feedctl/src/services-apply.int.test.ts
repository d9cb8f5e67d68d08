import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeAcls } from '@marketfeed/kafka';
import { eventually, plaintextKafka, randomPrefix, stackTarget } from '../test/int-test-kit.js';
import { applyServiceAcls, serviceGrants } from './services.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
const prefix = randomPrefix();
let admin: Admin;

async function aclsOn(principal: string): Promise<string[]> {
  const res = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal,
    host: '*',
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  return res.resources.filter((r) => r.resourceName.startsWith(prefix)).map((r) => r.resourceName);
}

describe('services apply', () => {
  beforeAll(async () => {
    admin = plaintextKafka(stackTarget(prefix)).admin();
    await admin.connect();
  });
  afterAll(async () => {
    await revokeAcls(admin, serviceGrants(prefix));
    await admin.disconnect();
  });

  it('grants each service its ACLs on the prefix, and applying twice changes nothing', async () => {
    const created = await applyServiceAcls(admin, prefix);
    expect(created).toBeGreaterThan(0);
    await applyServiceAcls(admin, prefix);
    const expected = new Set(
      serviceGrants(prefix)
        .filter((g) => g.user === 'enricher')
        .map((g) => g.resource.name),
    );
    // ACL changes reach the broker's authorizer asynchronously.
    await eventually(
      async () => new Set(await aclsOn('User:enricher')).size === expected.size,
      'enricher ACLs',
    );
    expect(new Set(await aclsOn('User:enricher'))).toEqual(expected);
    expect(await aclsOn('User:customer-demo')).toEqual([]);
  });
});
