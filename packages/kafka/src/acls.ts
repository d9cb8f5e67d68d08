import kafkajs, { type AclEntry, type Admin } from 'kafkajs';
import { kafkaPrincipal, type AclGrant, type Operation, type Resource } from './contract/index.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const RESOURCE_TYPES = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  'transactional-id': AclResourceTypes.TRANSACTIONAL_ID,
} as const satisfies Record<Resource['type'], number>;

const OPERATIONS = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Describe: AclOperationTypes.DESCRIBE,
} as const satisfies Record<Operation, number>;

/** The contract's grants as kafkajs ACL entries: one ALLOW entry per operation, any host. */
export function toKafkajsAcls(grants: readonly AclGrant[]): AclEntry[] {
  return grants.flatMap((grant) =>
    grant.operations.map((operation) => ({
      resourceType: RESOURCE_TYPES[grant.resource.type],
      resourceName: grant.resource.name,
      resourcePatternType:
        grant.resource.pattern === 'literal'
          ? ResourcePatternTypes.LITERAL
          : ResourcePatternTypes.PREFIXED,
      principal: kafkaPrincipal(grant.user),
      host: '*',
      operation: OPERATIONS[operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

/** Identity of an ACL entry, for set comparisons between desired and listed ACLs. */
export function aclKey(a: AclEntry): string {
  return [
    a.principal,
    a.host,
    a.resourceType,
    a.resourcePatternType,
    a.resourceName,
    a.operation,
    a.permissionType,
  ].join('|');
}

const ANY_FILTER = {
  resourceType: AclResourceTypes.ANY,
  resourcePatternType: ResourcePatternTypes.ANY,
  operation: AclOperationTypes.ANY,
  permissionType: AclPermissionTypes.ANY,
};

/**
 * Creates `grants` (the broker ignores duplicates) and resolves once the broker lists them: the
 * controller commits ACLs before the broker's authorizer applies them, so a client starting
 * right after `createAcls` can still be denied. `admin` must be a super user.
 */
export async function grantAcls(
  admin: Admin,
  grants: readonly AclGrant[],
  timeoutMs = 15_000,
): Promise<void> {
  const acl = toKafkajsAcls(grants);
  await admin.createAcls({ acl });
  const wanted = acl.map(aclKey);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await admin.describeAcls(ANY_FILTER);
    const present = new Set(
      response.resources.flatMap((resource) =>
        resource.acls.map((entry) => aclKey({ ...resource, ...entry })),
      ),
    );
    if (wanted.every((key) => present.has(key))) return;
    if (Date.now() > deadline)
      throw new Error(`ACLs not visible on the broker after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function revokeAcls(admin: Admin, grants: readonly AclGrant[]): Promise<void> {
  await admin.deleteAcls({ filters: toKafkajsAcls(grants) });
}
