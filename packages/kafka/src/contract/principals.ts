/** The feed's own SCRAM users. `web` is the browser view, reading like a customer but with its own group. */
export const SERVICE_USERS = ['ingestor', 'enricher', 'sink', 'web'] as const;
export type ServiceUser = (typeof SERVICE_USERS)[number];

/**
 * The broker's super user (`super.users`): needs no ACLs, used by operators and test setup only.
 */
export const ADMIN_USER = 'admin';

export const CUSTOMER_USER_PREFIX = 'customer-';

/** A customer's Kafka user name: `customer-<name>`. */
export function customerPrincipal(name: string): string {
  return `${CUSTOMER_USER_PREFIX}${name}`;
}

/** The customer every local stack has, so the README's customer client works out of the box. */
export const DEMO_CUSTOMER = 'demo';

/** Every SCRAM user the local stack creates at format time. */
export const STACK_SCRAM_USERS = [ADMIN_USER, ...SERVICE_USERS, customerPrincipal(DEMO_CUSTOMER)];

/** `User:<user>`, the form ACLs and broker logs use. */
export function kafkaPrincipal(user: string): string {
  return `User:${user}`;
}

/** Same rule as infra's customer schema, so a name accepted by one is accepted by the other. */
export const CUSTOMER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** Names that would read as one of our own identities in ACL listings and audit logs. */
export const RESERVED_CUSTOMER_NAMES: readonly string[] = [
  ADMIN_USER,
  ...SERVICE_USERS,
  'opensearch-sink',
  'customer',
  'demo-admin',
];

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
  if (!CUSTOMER_NAME_PATTERN.test(name))
    throw new InvalidCustomerError(
      `invalid customer name "${name}": 2-32 characters, lower-case letters, digits and "-", starting with a letter and not ending with "-"`,
    );
  if (RESERVED_CUSTOMER_NAMES.includes(name) || name.startsWith(CUSTOMER_USER_PREFIX))
    throw new InvalidCustomerError(
      `invalid customer name "${name}": reserved (service identity or redundant "customer-" prefix)`,
    );
  return name;
}

/** MSK only associates Secrets Manager secrets whose name starts with `AmazonMSK_`. */
export function mskSecretName(user: string): string {
  return `AmazonMSK_${user}`;
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
  const username = customerPrincipal(name);
  return {
    name,
    username,
    principal: kafkaPrincipal(username),
    // The customer's group namespace does not depend on our topic prefix: it is theirs.
    groupPrefix: `${username}.`,
    mskSecretName: mskSecretName(username),
  };
}

/** `User:customer-acme` -> `acme`; undefined for principals that are not customers. */
export function customerNameOfPrincipal(principal: string): string | undefined {
  const m = /^User:customer-(.+)$/.exec(principal);
  return m?.[1];
}

/**
 * Consumer group and transactional-id names each service uses for a topic prefix:
 * `marketfeed-enricher`, `marketfeed-opensearch-sink`, `marketfeed-web` for the default prefix.
 * ACLs on them are prefixed, so instances may append a suffix (e.g. `marketfeed-enricher-0`).
 */
export function serviceIds(prefix: string) {
  return {
    enricherGroup: `${prefix}-enricher`,
    enricherTransactionalId: `${prefix}-enricher`,
    sinkGroup: `${prefix}-opensearch-sink`,
    webGroup: `${prefix}-web`,
  };
}
export type ServiceIds = ReturnType<typeof serviceIds>;
