import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { aclRow } from './acl-format.js';
import {
  customerAcls,
  customerIdentity,
  diffAcls,
  parseProducts,
  productsFromAcls,
  validateCustomerName,
} from './customer.js';

const { AclOperationTypes } = kafkajs;

describe('customer identity and entitlements', () => {
  it.each([
    'Acme',
    'a',
    'acme.eu',
    'acme_eu',
    '-acme',
    'acme-',
    '9acme',
    'a'.repeat(33),
    'admin',
    'enricher',
    'sink',
    'customer-acme',
    '',
  ])('rejects the name %j', (name) => {
    expect(() => validateCustomerName(name)).toThrow(/invalid customer name/);
  });

  it('accepts lower-case names with digits and dashes', () => {
    expect(validateCustomerName('acme-eu2')).toBe('acme-eu2');
  });

  it('grants read+describe on product topics and read on its own group prefix, nothing else', () => {
    const rows = customerAcls(customerIdentity('acme'), 'mf', ['enriched', 'latest']).map(aclRow);
    expect(
      rows
        .map((r) => `${r.permission} ${r.operation} ${r.resourceType}:${r.pattern}:${r.resource}`)
        .sort(),
    ).toEqual([
      'ALLOW DESCRIBE TOPIC:LITERAL:mf.enriched',
      'ALLOW DESCRIBE TOPIC:LITERAL:mf.latest',
      'ALLOW READ GROUP:PREFIXED:customer-acme.',
      'ALLOW READ TOPIC:LITERAL:mf.enriched',
      'ALLOW READ TOPIC:LITERAL:mf.latest',
    ]);
    expect(new Set(rows.map((r) => r.principal))).toEqual(new Set(['User:customer-acme']));
  });

  it('parses products, defaulting to all and rejecting unknown ones', () => {
    expect(parseProducts(undefined)).toEqual(['enriched', 'latest']);
    expect(parseProducts('latest')).toEqual(['latest']);
    expect(() => parseProducts('enriched,raw')).toThrow(/unknown product\(s\) raw/);
  });

  it('diffs ACL sets so an update adds and revokes exactly the difference', () => {
    const id = customerIdentity('acme');
    const both = customerAcls(id, 'mf', ['enriched', 'latest']);
    const latestOnly = customerAcls(id, 'mf', ['latest']);
    const { create, remove } = diffAcls(latestOnly, both);
    expect(create).toEqual([]);
    expect(remove.map((a) => a.resourceName)).toEqual(['mf.enriched', 'mf.enriched']);
    expect(productsFromAcls(latestOnly, 'mf')).toEqual(['latest']);
    expect(
      productsFromAcls(
        both.filter((a) => a.operation !== AclOperationTypes.READ),
        'mf',
      ),
    ).toEqual([]);
  });
});

describe('customers update scope', () => {
  it("changes only this prefix's product topics and the group prefix", async () => {
    const { managedAcls } = await import('./customers.js');
    const id = customerIdentity('acme');
    const here = customerAcls(id, 'mf', ['enriched', 'latest']);
    const elsewhere = customerAcls(id, 'staging', ['enriched']).filter((a) =>
      a.resourceName.startsWith('staging.'),
    );
    expect(managedAcls([...here, ...elsewhere], id, 'mf')).toEqual(here);
  });
});
