import kafkajs, { type AclEntry } from 'kafkajs';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

/** What a customer can pay for, and the catalog topic each product is. */
export const PRODUCTS = ['enriched', 'latest'] as const;
export type Product = (typeof PRODUCTS)[number];

// Same rule as infra/config/schema.ts `name`, so a name accepted here is accepted by infra.
const NAME_RE = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
// Names that would read as one of our own identities in ACL listings and audit logs.
const RESERVED = new Set([
  'admin',
  'ingestor',
  'enricher',
  'sink',
  'opensearch-sink',
  'customer',
  'demo-admin',
]);

export class InvalidCustomerError extends Error {
  override name = 'InvalidCustomerError';
}

/**
 * Checks a customer name. The name becomes the Kafka user `customer-<name>`, the Secrets
 * Manager secret `AmazonMSK_customer-<name>` and the consumer-group prefix `customer-<name>.`;
 * the trailing dot and the ban on dots in names keep one customer's prefix from matching
 * another's (`customer-acme.` never matches groups of `customer-acme-eu`).
 */
export function validateCustomerName(name: string): string {
  if (!NAME_RE.test(name))
    throw new InvalidCustomerError(
      `invalid customer name "${name}": 2-32 characters, lower-case letters, digits and "-", starting with a letter and not ending with "-"`,
    );
  if (RESERVED.has(name) || name.startsWith('customer-'))
    throw new InvalidCustomerError(
      `invalid customer name "${name}": reserved (service identity or redundant "customer-" prefix)`,
    );
  return name;
}

export interface CustomerIdentity {
  name: string;
  /** SCRAM user name (on MSK: the `username` inside the `AmazonMSK_<username>` secret). */
  username: string;
  principal: string;
  /** Every consumer group id the customer uses must start with this. */
  groupPrefix: string;
  /** Secrets Manager secret MSK associates for this user. */
  mskSecretName: string;
}

export function customerIdentity(name: string): CustomerIdentity {
  validateCustomerName(name);
  const username = `customer-${name}`;
  return {
    name,
    username,
    principal: `User:${username}`,
    groupPrefix: `${username}.`,
    mskSecretName: `AmazonMSK_${username}`,
  };
}

/** `customer-acme` -> `acme`; undefined for principals that are not customers. */
export function customerNameOfPrincipal(principal: string): string | undefined {
  const m = /^User:customer-(.+)$/.exec(principal);
  return m?.[1];
}

export function parseProducts(value: string | undefined): Product[] {
  if (value === undefined || value.trim() === '') return [...PRODUCTS];
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const unknown = items.filter((p) => !(PRODUCTS as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new InvalidCustomerError(
      `unknown product(s) ${unknown.join(', ')}; known: ${PRODUCTS.join(', ')}`,
    );
  return PRODUCTS.filter((p) => items.includes(p));
}

export function productTopic(prefix: string, product: Product): string {
  return `${prefix}.${product}`;
}

/**
 * The complete ACL set of one customer: Read+Describe on each product topic (literal names,
 * so a new topic is never readable by accident) and Read on its own group prefix. Nothing
 * else: no Write anywhere, no raw/state/DLQ topics, no other group, no cluster operations.
 */
export function customerAcls(
  id: CustomerIdentity,
  prefix: string,
  products: readonly Product[],
): AclEntry[] {
  const allow = {
    principal: id.principal,
    host: '*',
    permissionType: AclPermissionTypes.ALLOW,
  };
  const topicAcls = products.flatMap((product) =>
    [AclOperationTypes.READ, AclOperationTypes.DESCRIBE].map((operation) => ({
      ...allow,
      resourceType: AclResourceTypes.TOPIC,
      resourceName: productTopic(prefix, product),
      resourcePatternType: ResourcePatternTypes.LITERAL,
      operation,
    })),
  );
  return [
    ...topicAcls,
    {
      ...allow,
      resourceType: AclResourceTypes.GROUP,
      resourceName: id.groupPrefix,
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      operation: AclOperationTypes.READ,
    },
  ];
}

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

/** What to create and what to delete to get from `actual` to `desired` (set difference). */
export function diffAcls(
  desired: readonly AclEntry[],
  actual: readonly AclEntry[],
): { create: AclEntry[]; remove: AclEntry[] } {
  const want = new Set(desired.map(aclKey));
  const have = new Set(actual.map(aclKey));
  return {
    create: desired.filter((a) => !have.has(aclKey(a))),
    remove: actual.filter((a) => !want.has(aclKey(a))),
  };
}

/** Products a customer's ACLs grant (both Read and Describe on the literal topic). */
export function productsFromAcls(acls: readonly AclEntry[], prefix: string): Product[] {
  return PRODUCTS.filter((p) => {
    const ops = new Set(
      acls
        .filter(
          (a) =>
            a.resourceType === AclResourceTypes.TOPIC &&
            a.resourcePatternType === ResourcePatternTypes.LITERAL &&
            a.resourceName === productTopic(prefix, p) &&
            a.permissionType === AclPermissionTypes.ALLOW,
        )
        .map((a) => a.operation),
    );
    return ops.has(AclOperationTypes.READ);
  });
}
