import kafkajs, { type Admin, type AclEntry } from 'kafkajs';
import { sleep } from './processes.js';
import { topicNames } from './topic-catalog.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

export const SERVICE_USERS = ['ingestor', 'enricher', 'sink', 'customer-demo'] as const;
export type ServiceUser = (typeof SERVICE_USERS)[number];
/** `admin` is a super user (broker `super.users`), so it needs no ACLs and tests can set up anything. */
export const SCRAM_USERS = ['admin', ...SERVICE_USERS] as const;
export type ScramUser = (typeof SCRAM_USERS)[number];

export type Operation = 'Read' | 'Write' | 'Describe';
export type Resource =
  | { type: 'topic'; name: string; pattern: 'literal' | 'prefixed' }
  | { type: 'group'; name: string; pattern: 'literal' | 'prefixed' }
  | { type: 'transactional-id'; name: string; pattern: 'literal' | 'prefixed' };

export interface AclGrant {
  user: ServiceUser;
  resource: Resource;
  operations: Operation[];
}

/**
 * Consumer group and transactional-id names a service must use for a topic prefix:
 * `marketfeed-enricher`, `marketfeed-opensearch-sink` for the default prefix. ACLs on them are
 * prefixed, so instances may append a suffix (e.g. `marketfeed-enricher-0`).
 */
export function serviceIds(prefix: string) {
  return {
    enricherGroup: `${prefix}-enricher`,
    enricherTransactionalId: `${prefix}-enricher`,
    sinkGroup: `${prefix}-opensearch-sink`,
    // The customer's namespace does not depend on our topic prefix: it is theirs.
    customerGroupPrefix: 'customer-demo.',
  };
}

/**
 * Least privilege per service, for one topic prefix. Literal topic names, so a user can touch
 * nothing but its own topics; Read implies Describe for the broker, but Describe is listed for
 * writes because producers fetch metadata with it.
 */
export function serviceAcls(prefix: string): AclGrant[] {
  const t = topicNames(prefix);
  const ids = serviceIds(prefix);
  const topic = (name: string): Resource => ({ type: 'topic', name, pattern: 'literal' });
  const write: Operation[] = ['Write', 'Describe'];
  const read: Operation[] = ['Read', 'Describe'];
  return [
    // Idempotent producers need no cluster IdempotentWrite since KIP-679: Write on a topic suffices.
    { user: 'ingestor', resource: topic(t.raw), operations: write },
    { user: 'ingestor', resource: topic(t.corporateActions), operations: write },
    // Records that fail validation at the edge are dead-lettered, never dropped or sent to raw.
    { user: 'ingestor', resource: topic(t.dlq), operations: write },

    { user: 'enricher', resource: topic(t.raw), operations: read },
    { user: 'enricher', resource: topic(t.corporateActions), operations: read },
    // It restores its per-symbol state from its own changelog, so it reads what it writes there.
    {
      user: 'enricher',
      resource: topic(t.enricherState),
      operations: ['Read', 'Write', 'Describe'],
    },
    { user: 'enricher', resource: topic(t.enriched), operations: write },
    { user: 'enricher', resource: topic(t.latest), operations: write },
    { user: 'enricher', resource: topic(t.dlq), operations: write },
    {
      user: 'enricher',
      resource: {
        type: 'transactional-id',
        name: ids.enricherTransactionalId,
        pattern: 'prefixed',
      },
      operations: ['Write', 'Describe'],
    },
    {
      user: 'enricher',
      resource: { type: 'group', name: ids.enricherGroup, pattern: 'prefixed' },
      operations: ['Read'],
    },

    { user: 'sink', resource: topic(t.enriched), operations: read },
    { user: 'sink', resource: topic(t.dlq), operations: write },
    {
      user: 'sink',
      resource: { type: 'group', name: ids.sinkGroup, pattern: 'prefixed' },
      operations: ['Read'],
    },

    { user: 'customer-demo', resource: topic(t.enriched), operations: read },
    { user: 'customer-demo', resource: topic(t.latest), operations: read },
    {
      user: 'customer-demo',
      resource: { type: 'group', name: ids.customerGroupPrefix, pattern: 'prefixed' },
      operations: ['Read'],
    },
  ];
}

const RESOURCE_TYPES = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  'transactional-id': AclResourceTypes.TRANSACTIONAL_ID,
} as const;

const OPERATIONS = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Describe: AclOperationTypes.DESCRIBE,
} as const;

export function toKafkajsAcls(grants: readonly AclGrant[]): AclEntry[] {
  return grants.flatMap((grant) =>
    grant.operations.map((operation) => ({
      resourceType: RESOURCE_TYPES[grant.resource.type],
      resourceName: grant.resource.name,
      resourcePatternType:
        grant.resource.pattern === 'literal'
          ? ResourcePatternTypes.LITERAL
          : ResourcePatternTypes.PREFIXED,
      principal: `User:${grant.user}`,
      host: '*',
      operation: OPERATIONS[operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

const aclKey = (acl: AclEntry) =>
  [
    acl.resourceType,
    acl.resourceName,
    acl.resourcePatternType,
    acl.principal,
    acl.host,
    acl.operation,
    acl.permissionType,
  ].join('|');

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
 * Applies the service ACL set for `prefix` (idempotent: the broker ignores duplicates), so an
 * integration test on its own random topics `t-<random>.raw` gets the same least-privilege users.
 * `adminClient` must be a super user: PLAINTEXT (User:ANONYMOUS) or SCRAM `admin`. Resolves once
 * the broker enforces them.
 */
export async function grantServiceAcls(adminClient: Admin, prefix: string): Promise<void> {
  const acl = toKafkajsAcls(serviceAcls(prefix));
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
  const shared = serviceIds(prefix).customerGroupPrefix;
  return serviceAcls(prefix).filter(
    (g) => !(g.resource.type === 'group' && g.resource.name === shared),
  );
}
