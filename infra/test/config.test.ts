import { describe, expect, it } from 'vitest';
import { environments } from '../config/index.js';
import { defineEnv, type EnvConfig } from '../config/schema.js';

const [dev] = environments as [EnvConfig, ...EnvConfig[]];

describe('environment configs', () => {
  it('define dev and prod', () => {
    expect(environments.map((e) => e.env)).toEqual(['dev', 'prod']);
  });

  it.each(environments.map((e) => [e.env, e] as const))(
    '%s uses only documentation account ids',
    (_env, cfg) => {
      const ids = [cfg.producerAccountId, ...cfg.customers.map((c) => c.accountId)];
      for (const id of ids) expect(id).toMatch(/^(\d)\1{11}$/);
    },
  );

  it('rejects a consumer in an AZ id the cluster is not in', () => {
    const customers = [
      {
        ...dev.customers[0]!,
        consumer: { ...dev.customers[0]!.consumer!, azIds: ['use1-az1', 'use1-az3'] },
      },
    ];
    expect(() => defineEnv({ ...dev, customers })).toThrow(
      /customers\.0\.consumer\.azIds: use1-az3 not among the cluster's AZ ids/,
    );
  });

  it('rejects a consumer in another region (multi-VPC connectivity is same-region)', () => {
    const customers = [
      { ...dev.customers[0]!, consumer: { ...dev.customers[0]!.consumer!, region: 'eu-west-1' } },
    ];
    expect(() => defineEnv({ ...dev, customers })).toThrow(/same-region only/);
  });

  it('rejects duplicate customers and the producer account as a customer', () => {
    expect(() => defineEnv({ ...dev, customers: [dev.customers[0]!, dev.customers[0]!] })).toThrow(
      /duplicate customer "acme"/,
    );
    expect(() =>
      defineEnv({ ...dev, customers: [{ name: 'self', accountId: dev.producerAccountId }] }),
    ).toThrow(/may not be the producer account/);
  });

  it('names the field of a malformed account id', () => {
    expect(() => defineEnv({ ...dev, producerAccountId: '1234' })).toThrow(
      /producerAccountId: must be a 12-digit AWS account id/,
    );
  });
});
