import { aclKey, toKafkajsAcls } from '@marketfeed/kafka';
import {
  customerAcls as customerGrants,
  customerIdentity,
  customerNameOfPrincipal,
  InvalidCustomerError,
  validateCustomerName,
  PRODUCTS,
  topicName,
  type CustomerIdentity,
  type Product,
} from '@marketfeed/kafka/contract';
import kafkajs, { type AclEntry } from 'kafkajs';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

// Customer naming, identity and entitlements are the contract's; feedctl applies them.
export {
  aclKey,
  customerIdentity,
  customerNameOfPrincipal,
  InvalidCustomerError,
  PRODUCTS,
  validateCustomerName,
  type CustomerIdentity,
  type Product,
};

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
  return topicName(prefix, product);
}

/** The customer's complete ACL set (see the contract's customerAcls) as kafkajs entries. */
export function customerAcls(
  id: CustomerIdentity,
  prefix: string,
  products: readonly Product[],
): AclEntry[] {
  return toKafkajsAcls(customerGrants(id, prefix, products));
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
