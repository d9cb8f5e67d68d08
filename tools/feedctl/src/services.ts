import type { Admin } from 'kafkajs';
import { serviceAcls, toKafkajsAcls, type AclGrant } from '@marketfeed/stack';

/** The feed's own services; customers (including the local demo customer) are managed apart. */
export const SERVICE_PRINCIPALS = ['ingestor', 'enricher', 'sink'] as const;

/**
 * The least-privilege ACLs of the three services for one topic prefix — the same set the local
 * stack grants (tools/stack/src/acls.ts is the one definition), minus the demo customer, so
 * MSK and the local stack cannot drift apart.
 */
export function serviceGrants(prefix: string): AclGrant[] {
  return serviceAcls(prefix).filter((g) =>
    (SERVICE_PRINCIPALS as readonly string[]).includes(g.user),
  );
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
