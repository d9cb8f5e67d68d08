import { aclKey, toKafkajsAcls } from '@marketfeed/kafka/acls';
import { isPrefixIndependent, localAcls, type AclGrant } from '@marketfeed/kafka/contract';
import kafkajs, { type Admin, type AclEntry } from 'kafkajs';
import { sleep } from './processes.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

/**
 * The controller commits ACLs before the broker's authorizer has applied them, so a client
 * that starts right after `createAcls` can still be denied; wait until the broker lists them.
 */
async function waitUntilVisible(
  adminClient: Admin,
  expected: readonly AclEntry[],
  timeoutMs: number,
): Promise<void> {
  const wanted = expected.map(aclKey);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await adminClient.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    const present = new Set(
      response.resources.flatMap((resource) =>
        resource.acls.map((acl) => aclKey({ ...resource, ...acl })),
      ),
    );
    if (wanted.every((key) => present.has(key))) return;
    if (Date.now() > deadline)
      throw new Error(`ACLs not visible on the broker after ${timeoutMs / 1000}s`);
    await sleep(100);
  }
}

/**
 * Applies the contract's local ACL set for `prefix` (the services and the demo customer;
 * idempotent: the broker ignores duplicates), so an integration test on its own random topics
 * `t-<random>.raw` gets the same least-privilege users.
 * `adminClient` must be a super user: PLAINTEXT (User:ANONYMOUS) or SCRAM `admin`. Resolves once
 * the broker enforces them.
 */
export async function grantServiceAcls(adminClient: Admin, prefix: string): Promise<void> {
  const acl = toKafkajsAcls(localAcls(prefix));
  await adminClient.createAcls({ acl });
  await waitUntilVisible(adminClient, acl, 15_000);
}

/**
 * Removes the ACLs grantServiceAcls(prefix) created, so test runs leave none behind — except the
 * customer's group prefix, which does not depend on the topic prefix and is shared by every
 * prefix (revoking it would break the demo customer on `marketfeed.*` and concurrent tests).
 */
export async function revokeServiceAcls(adminClient: Admin, prefix: string): Promise<void> {
  await adminClient.deleteAcls({ filters: toKafkajsAcls(prefixOwnedAcls(prefix)) });
}

/** The grants that belong to `prefix` alone: everything but the shared customer group prefix. */
export function prefixOwnedAcls(prefix: string): AclGrant[] {
  return localAcls(prefix).filter((g) => !isPrefixIndependent(g, prefix));
}
