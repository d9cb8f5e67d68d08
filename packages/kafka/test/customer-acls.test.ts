import { describe, expect, it } from 'vitest';
import {
  customerAcls,
  customerIdentity,
  customerNameOfPrincipal,
  demoCustomerAcls,
  InvalidCustomerError,
  isPrefixIndependent,
  validateCustomerName,
} from '../src/contract/index.js';

describe('customerIdentity', () => {
  it('names the user customer-<name>, its group prefix with a trailing dot and its MSK secret', () => {
    expect(customerIdentity('acme')).toEqual({
      name: 'acme',
      username: 'customer-acme',
      principal: 'User:customer-acme',
      groupPrefix: 'customer-acme.',
      mskSecretName: 'AmazonMSK_customer-acme',
    });
    expect(customerNameOfPrincipal('User:customer-acme')).toBe('acme');
    expect(customerNameOfPrincipal('User:sink')).toBeUndefined();
    expect(customerNameOfPrincipal('User:customer-acme-eu')).toBe('acme-eu');
    expect(customerNameOfPrincipal('User:enricher')).toBeUndefined();
  });

  it('refuses service identities, a redundant customer- prefix and names with dots', () => {
    for (const bad of ['web', 'sink', 'admin', 'customer-x', 'a.b', 'A', 'x-'])
      expect(() => validateCustomerName(bad)).toThrow(InvalidCustomerError);
  });
});

describe('customerAcls', () => {
  it('grants Read+Describe on the paid product topics and Read on the own group prefix only', () => {
    const grants = customerAcls(customerIdentity('acme'), 'p', ['latest']);
    expect(grants).toEqual([
      {
        user: 'customer-acme',
        resource: { type: 'topic', name: 'p.latest', pattern: 'literal' },
        operations: ['Read', 'Describe'],
      },
      {
        user: 'customer-acme',
        resource: { type: 'group', name: 'customer-acme.', pattern: 'prefixed' },
        operations: ['Read'],
      },
    ]);
  });

  it("keeps the demo customer's group grant when a test prefix is cleaned up, since every prefix shares it", () => {
    const shared = demoCustomerAcls('t-1').filter((g) => isPrefixIndependent(g, 't-1'));
    expect(shared.map((g) => g.resource.name)).toEqual(['customer-demo.']);
  });
});
