import kafkajs, { type AclEntry } from 'kafkajs';
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
