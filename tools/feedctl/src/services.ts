import { toKafkajsAcls } from '@marketfeed/kafka';
import { serviceAcls, type AclGrant } from '@marketfeed/kafka/contract';
import type { Admin } from 'kafkajs';

/**
 * The least-privilege ACLs of the feed's services for one topic prefix: the contract's
 * serviceAcls, the same set the local stack grants, so MSK and the local stack cannot drift
 * apart. Customers (including the local demo customer) are managed apart.
 */
export function serviceGrants(prefix: string): AclGrant[] {
  return serviceAcls(prefix);
}

export function formatGrants(grants: readonly AclGrant[]): string {
  return grants
    .map(
      (g) =>
        `  User:${g.user}  ${g.operations.join('+')}  ${g.resource.type} ${g.resource.pattern} ${g.resource.name}`,
    )
    .join('\n');
}

/** Creates the service ACLs (the broker ignores ones that already exist: idempotent). */
export async function applyServiceAcls(admin: Admin, prefix: string): Promise<number> {
  const acl = toKafkajsAcls(serviceGrants(prefix));
  await admin.createAcls({ acl });
  return acl.length;
}
