import { grantAcls, revokeAcls } from '@marketfeed/kafka/acls';
import { isPrefixIndependent, localAcls, type AclGrant } from '@marketfeed/kafka/contract';
import type { Admin } from 'kafkajs';

/**
 * Applies the contract's local ACL set for `prefix` (the services and the demo customer), so an
 * integration test on its own random topics `t-<random>.raw` gets the same least-privilege
 * users. `adminClient` must be a super user: PLAINTEXT (User:ANONYMOUS) or SCRAM `admin`.
 * Resolves once the broker enforces them.
 */
export async function grantServiceAcls(adminClient: Admin, prefix: string): Promise<void> {
  await grantAcls(adminClient, localAcls(prefix));
}

/**
 * Removes the ACLs grantServiceAcls(prefix) created, so test runs leave none behind — except the
 * customer's group prefix, which does not depend on the topic prefix and is shared by every
 * prefix (revoking it would break the demo customer on `marketfeed.*` and concurrent tests).
 */
export async function revokeServiceAcls(adminClient: Admin, prefix: string): Promise<void> {
  await revokeAcls(adminClient, prefixOwnedAcls(prefix));
}

/** The grants that belong to `prefix` alone: everything but the shared customer group prefix. */
export function prefixOwnedAcls(prefix: string): AclGrant[] {
  return localAcls(prefix).filter((g) => !isPrefixIndependent(g, prefix));
}
