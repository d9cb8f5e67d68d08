import {
  customerIdentity,
  DEMO_CUSTOMER,
  serviceIds,
  type CustomerIdentity,
  type ServiceUser,
} from './principals.js';
import { topicNames, type TopicRole } from './topics.js';

export type Operation = 'Read' | 'Write' | 'Describe';
export type PatternType = 'literal' | 'prefixed';
export interface Resource {
  type: 'topic' | 'group' | 'transactional-id';
  name: string;
  pattern: PatternType;
}

/** One ALLOW rule: `user` may do `operations` on `resource` (from any host). */
export interface AclGrant {
  /** SCRAM user name, without `User:`. */
  user: string;
  resource: Resource;
  operations: Operation[];
}

/** What a customer can pay for; each product is the catalog topic of the same role. */
export const PRODUCTS = ['enriched', 'latest'] as const satisfies readonly TopicRole[];
export type Product = (typeof PRODUCTS)[number];

const topic = (name: string): Resource => ({ type: 'topic', name, pattern: 'literal' });
const prefixed = (type: Resource['type'], name: string): Resource => ({
  type,
  name,
  pattern: 'prefixed',
});
const WRITE: Operation[] = ['Write', 'Describe'];
const READ: Operation[] = ['Read', 'Describe'];

/**
 * Least privilege per service, for one topic prefix. Literal topic names, so a user can touch
 * nothing but its own topics; Read implies Describe for the broker, but Describe is listed for
 * writes because producers fetch metadata with it.
 */
export function serviceAcls(prefix: string): AclGrant[] {
  const t = topicNames(prefix);
  const ids = serviceIds(prefix);
  const grant = (user: ServiceUser, resource: Resource, operations: Operation[]): AclGrant => ({
    user,
    resource,
    operations,
  });
  return [
    // Idempotent producers need no cluster IdempotentWrite since KIP-679: Write on a topic suffices.
    grant('ingestor', topic(t.raw), WRITE),
    grant('ingestor', topic(t.corporateActions), WRITE),
    // Records that fail validation at the edge are dead-lettered, never dropped or sent to raw.
    grant('ingestor', topic(t.dlq), WRITE),

    grant('enricher', topic(t.raw), READ),
    grant('enricher', topic(t.corporateActions), READ),
    // It restores its per-symbol state from its own changelog, so it reads what it writes there.
    grant('enricher', topic(t.enricherState), ['Read', 'Write', 'Describe']),
    grant('enricher', topic(t.enriched), WRITE),
    grant('enricher', topic(t.latest), WRITE),
    grant('enricher', topic(t.dlq), WRITE),
    grant('enricher', prefixed('transactional-id', ids.enricherTransactionalId), WRITE),
    grant('enricher', prefixed('group', ids.enricherGroup), ['Read']),

    grant('sink', topic(t.enriched), READ),
    grant('sink', topic(t.dlq), WRITE),
    grant('sink', prefixed('group', ids.sinkGroup), ['Read']),

    // The browser view bootstraps from the snapshot and follows the live topic, like a customer.
    grant('web', topic(t.latest), READ),
    grant('web', topic(t.enriched), READ),
    grant('web', prefixed('group', ids.webGroup), ['Read']),
  ];
}

/**
 * The complete ACL set of one customer: Read+Describe on each product topic (literal names,
 * so a new topic is never readable by accident) and Read on its own group prefix. Nothing
 * else: no Write anywhere, no raw/state/DLQ topics, no other group, no cluster operations.
 */
export function customerAcls(
  customer: CustomerIdentity,
  prefix: string,
  products: readonly Product[] = PRODUCTS,
): AclGrant[] {
  const t = topicNames(prefix);
  return [
    ...products.map((p) => ({ user: customer.username, resource: topic(t[p]), operations: READ })),
    {
      user: customer.username,
      resource: prefixed('group', customer.groupPrefix),
      operations: ['Read'],
    },
  ];
}

/** The local demo customer's grants: every product. */
export function demoCustomerAcls(prefix: string): AclGrant[] {
  return customerAcls(customerIdentity(DEMO_CUSTOMER), prefix, PRODUCTS);
}

/**
 * What a local Kafka (tools/stack, docker compose) grants on a prefix: the services and the
 * demo customer, so the README's customer client works without running feedctl first.
 */
export function localAcls(prefix: string): AclGrant[] {
  return [...serviceAcls(prefix), ...demoCustomerAcls(prefix)];
}

/**
 * Grants whose resource is shared by every topic prefix (a customer's group prefix is theirs,
 * not ours): revoking a prefix's ACLs must leave these in place.
 */
export function isPrefixIndependent(grant: AclGrant, prefix: string): boolean {
  return !grant.resource.name.startsWith(prefix);
}
