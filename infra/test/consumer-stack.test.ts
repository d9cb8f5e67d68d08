import { describe, expect, it } from 'vitest';
import { Testing } from 'cdktf';
import { atPhase, steadyEnvironments as environments } from './support/phases.js';
import { containersOf, resourcesOf, stackNamed, synthEnv } from './support/synth.js';

const cases = environments.flatMap((cfg) =>
  cfg.customers.flatMap((customer) =>
    customer.consumer
      ? [[`consumer-${cfg.env}-${customer.name}`, cfg, customer, customer.consumer] as const]
      : [],
  ),
);

describe.each(cases)('the %s stack', (name, cfg, customer, consumer) => {
  const stack = stackNamed(synthEnv(cfg), name);

  it('is applied in the customer account only, with state in their own bucket', () => {
    expect(stack.tf.provider?.aws?.[0]).toMatchObject({
      allowed_account_ids: [customer.accountId],
    });
    expect(stack.tf.terraform.backend?.s3).toMatchObject({
      bucket: `marketfeed-tfstate-${customer.accountId}`,
      use_lockfile: true,
      encrypt: true,
    });
  });

  it('creates a managed VPC connection to the configured cluster with SASL/SCRAM', () => {
    expect(
      Testing.toHaveResourceWithProperties(stack.json, 'aws_msk_vpc_connection', {
        authentication: 'SASL_SCRAM',
        target_cluster_arn: cfg.clusterArn,
      }),
    ).toBe(true);
  });

  it('puts the connection in subnets chosen by AZ id, all among the cluster AZ ids', () => {
    const [conn] = resourcesOf(stack, 'aws_msk_vpc_connection');
    expect(conn?.client_subnets).toHaveLength(consumer.azIds.length);
    const azIds = resourcesOf(stack, 'aws_subnet')
      .filter((s) =>
        String(s.tags && (s.tags as Record<string, string>).Name).includes('-private-'),
      )
      .map((s) => s.availability_zone_id);
    expect(azIds).toEqual(consumer.azIds);
    for (const az of azIds) expect(cfg.network.azIds).toContain(az);
  });

  it('lets only the consumer tasks reach the connection, on the multi-VPC broker ports', () => {
    const ingress = resourcesOf(stack, 'aws_vpc_security_group_ingress_rule');
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ from_port: 14001, to_port: 14100 });
    expect(ingress[0]?.referenced_security_group_id).toMatch(/access_client-sg/);
  });

  it('runs the consumer with its SCRAM password from a secret, via valueFrom', () => {
    const [client] = containersOf(stack).values();
    expect(client?.secrets).toEqual([
      {
        name: 'KAFKA_PASSWORD',
        valueFrom: expect.stringMatching(/^\$\{aws_secretsmanager_secret\..+\.arn\}:password::$/),
      },
    ]);
    expect(client?.environment).toEqual(
      expect.arrayContaining([
        { name: 'KAFKA_USERNAME', value: `customer-${customer.name}` },
        {
          name: 'KAFKA_BROKERS',
          value: expect.stringMatching(/bootstrap_brokers_vpc_connectivity_sasl_scram/),
        },
      ]),
    );
    expect(resourcesOf(stack, 'aws_secretsmanager_secret_version')).toEqual([]);
  });

  it('runs a digest-pinned image on a read-only root filesystem, writing only to its scratch volume', () => {
    const [client] = containersOf(stack).values();
    expect(client?.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(client?.readonlyRootFilesystem).toBe(true);
    expect(client?.mountPoints).toEqual([
      { sourceVolume: 'scratch-0', containerPath: '/mnt/shared/config', readOnly: false },
    ]);
  });

  it('keeps the password off every command line: the task command only names the variable', () => {
    const [client] = containersOf(stack).values();
    const command = client?.command?.join(' ') ?? '';
    expect(command).not.toMatch(/--consumer-property|-D[a-z.]*password/i);
    expect(command).toContain('--consumer.config /mnt/shared/config/client.properties');
    expect(command).toContain('unset KAFKA_PASSWORD');
  });
});

describe('consumer stacks', () => {
  it.each(['create', 'enforce-acls'] as const)(
    'are not synthesized in phase %s, before the cluster accepts managed VPC connections',
    (phase) => {
      const [dev] = environments;
      if (!dev) throw new Error('no environments');
      const names = synthEnv(atPhase(dev, phase)).map((s) => s.name);
      expect(names).toEqual([`feed-${dev.env}`]);
    },
  );

  it('exist for every customer with a consumer section, in every environment', () => {
    expect(cases.map(([n]) => n)).toEqual([
      'consumer-dev-acme',
      'consumer-prod-acme',
      'consumer-prod-initech',
    ]);
  });
});
