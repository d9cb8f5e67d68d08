import kafkajs, { type AclEntry, type Admin } from 'kafkajs';
import {
  customerAcls,
  customerIdentity,
  customerNameOfPrincipal,
  diffAcls,
  productsFromAcls,
  PRODUCTS,
  type CustomerIdentity,
  type Product,
} from './customer.js';
import { flattenAcls } from './acl-format.js';
import type { ScramStore } from './scram.js';
import { generatePassword } from './secrets.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

export interface CustomerDeps {
  admin: Admin;
  prefix: string;
  /** Absent on MSK: the credential is infra's Secrets Manager secret. */
  scram: ScramStore | undefined;
}

export class CustomerExistsError extends Error {
  override name = 'CustomerExistsError';
}
export class CustomerNotFoundError extends Error {
  override name = 'CustomerNotFoundError';
}

const anyFilter = (principal?: string) => ({
  resourceType: AclResourceTypes.ANY,
  resourcePatternType: ResourcePatternTypes.ANY,
  operation: AclOperationTypes.ANY,
  permissionType: AclPermissionTypes.ANY,
  ...(principal ? { principal } : {}),
});

export async function describeAllAcls(admin: Admin, principal?: string): Promise<AclEntry[]> {
  const res = await admin.describeAcls(anyFilter(principal));
  return flattenAcls(res.resources);
}

export interface AddedCustomer {
  id: CustomerIdentity;
  products: Product[];
  acls: AclEntry[];
  /** Generated here for local SCRAM; undefined on MSK (infra generates it). */
  password: string | undefined;
}

/**
 * Creates a customer: its ACLs, then (locally) its SCRAM credential. ACLs first because they
 * grant nothing until the credential exists; if the credential cannot be created the ACLs are
 * rolled back, so a failed add leaves nothing behind.
 */
export async function addCustomer(
  deps: CustomerDeps,
  name: string,
  products: readonly Product[],
): Promise<AddedCustomer> {
  const id = customerIdentity(name);
  if (products.length === 0) throw new CustomerExistsError('a customer needs at least one product');
  const [existingAcls, users] = await Promise.all([
    describeAllAcls(deps.admin, id.principal),
    deps.scram?.list(),
  ]);
  if (existingAcls.length > 0 || users?.includes(id.username))
    throw new CustomerExistsError(
      `customer "${name}" already exists (${existingAcls.length} ACLs${users?.includes(id.username) ? ', SCRAM credential' : ''}); use "customers update" to change products or "customers remove" first`,
    );
  const acls = customerAcls(id, deps.prefix, products);
  await deps.admin.createAcls({ acl: acls });
  let password: string | undefined;
  if (deps.scram) {
    password = generatePassword();
    try {
      await deps.scram.upsert(id.username, password);
    } catch (err) {
      await deps.admin.deleteAcls({ filters: [anyFilter(id.principal)] });
      throw err;
    }
  }
  return { id, products: [...products], acls, password };
}

/** Changes a customer's products: creates the missing ACLs, deletes the ones no longer paid for. */
export async function updateCustomer(
  deps: CustomerDeps,
  name: string,
  products: readonly Product[],
): Promise<{ created: AclEntry[]; removed: AclEntry[] }> {
  const id = customerIdentity(name);
  const all = await describeAllAcls(deps.admin, id.principal);
  if (all.length === 0)
    throw new CustomerNotFoundError(`no customer "${name}" (no ACLs for ${id.principal})`);
  const { create, remove } = diffAcls(
    customerAcls(id, deps.prefix, products),
    managedAcls(all, id, deps.prefix),
  );
  // Revocations first: a failure half-way must err on the side of less access.
  if (remove.length > 0) await deps.admin.deleteAcls({ filters: remove });
  if (create.length > 0) await deps.admin.createAcls({ acl: create });
  return { created: create, removed: remove };
}

/**
 * The part of a customer's ACLs that `update` may change: this prefix's product topics and the
 * customer's group prefix. Grants on other prefixes (another environment or a test sharing the
 * cluster) are not this command's to revoke.
 */
export function managedAcls(
  acls: readonly AclEntry[],
  id: CustomerIdentity,
  prefix: string,
): AclEntry[] {
  const resource = (a: AclEntry) => `${a.resourceType}|${a.resourcePatternType}|${a.resourceName}`;
  const scope = new Set(customerAcls(id, prefix, PRODUCTS).map(resource));
  return acls.filter((a) => scope.has(resource(a)));
}

/**
 * Replaces a customer's SCRAM password (local credential store only). New logins need the new
 * password at once; sessions already open stay open (Kafka authenticates only at connect).
 */
export async function rotateCustomerPassword(
  deps: CustomerDeps,
  name: string,
): Promise<{ id: CustomerIdentity; password: string }> {
  const id = customerIdentity(name);
  if (!deps.scram)
    throw new CustomerNotFoundError(
      `on MSK the credential is infra's secret ${id.mskSecretName}: rotate it there (feedctl cannot touch AWS)`,
    );
  if (!(await deps.scram.list()).includes(id.username))
    throw new CustomerNotFoundError(`no customer "${name}": no credential for ${id.username}`);
  const password = generatePassword();
  await deps.scram.upsert(id.username, password);
  return { id, password };
}

export interface RemovedCustomer {
  id: CustomerIdentity;
  aclsRemoved: number;
  credentialRemoved: boolean;
}

/**
 * Revokes a customer. Every ACL of the principal goes first (any resource, any prefix): the
 * broker checks ACLs on every request, so even sessions that are already open are refused
 * from their next fetch. Then the SCRAM credential, so no new session can authenticate.
 */
export async function removeCustomer(deps: CustomerDeps, name: string): Promise<RemovedCustomer> {
  const id = customerIdentity(name);
  const res = await deps.admin.deleteAcls({ filters: [anyFilter(id.principal)] });
  const aclsRemoved = res.filterResponses.reduce((n, r) => n + r.matchingAcls.length, 0);
  let credentialRemoved = false;
  if (deps.scram && (await deps.scram.list()).includes(id.username)) {
    await deps.scram.delete(id.username);
    credentialRemoved = true;
  }
  if (aclsRemoved === 0 && !credentialRemoved)
    throw new CustomerNotFoundError(
      `no customer "${name}": no ACLs and no credential for ${id.username}`,
    );
  return { id, aclsRemoved, credentialRemoved };
}

export interface CustomerSummary {
  name: string;
  username: string;
  products: Product[];
  /** Read on its own group prefix. */
  groupAccess: boolean;
  /** ACLs beyond the standard set (hand-made grants worth a look). */
  extraAcls: number;
  /** Has a SCRAM credential; undefined when not knowable here (MSK). */
  credential: boolean | undefined;
}

/** Customers as the cluster knows them: principals `User:customer-*` with ACLs, plus credentials. */
export async function listCustomers(deps: CustomerDeps): Promise<CustomerSummary[]> {
  const [acls, users] = await Promise.all([describeAllAcls(deps.admin), deps.scram?.list()]);
  const byName = new Map<string, AclEntry[]>();
  for (const a of acls) {
    const name = customerNameOfPrincipal(a.principal);
    if (name) byName.set(name, [...(byName.get(name) ?? []), a]);
  }
  for (const u of users ?? []) {
    const name = customerNameOfPrincipal(`User:${u}`);
    if (name && !byName.has(name)) byName.set(name, []);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, mine]) => {
      const username = `customer-${name}`;
      const products = productsFromAcls(mine, deps.prefix);
      const standard = safeStandardAcls(name, deps.prefix, products);
      const { remove: extra } = diffAcls(standard, mine);
      const groupAccess = mine.some(
        (a) =>
          a.resourceType === AclResourceTypes.GROUP &&
          a.resourcePatternType === ResourcePatternTypes.PREFIXED &&
          a.resourceName === `${username}.` &&
          a.operation === AclOperationTypes.READ,
      );
      return {
        name,
        username,
        products,
        groupAccess,
        extraAcls: extra.length,
        credential: users ? users.includes(username) : undefined,
      };
    });
}

// Principals created by hand may not be valid customer names; they have no "standard" set.
function safeStandardAcls(name: string, prefix: string, products: Product[]): AclEntry[] {
  try {
    return customerAcls(customerIdentity(name), prefix, products);
  } catch {
    return [];
  }
}
