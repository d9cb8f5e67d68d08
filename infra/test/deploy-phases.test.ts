import { describe, expect, it } from 'vitest';
import { environments } from '../config/index.js';
import { DEPLOY_PHASES } from '../config/phases.js';
import { defineEnv, type EnvConfig } from '../config/schema.js';
import { atPhase, placeholderClusterArn } from './support/phases.js';
import { resourcesOf, stackNamed, synthEnv, type SynthesizedStack } from './support/synth.js';

const [dev] = environments as [EnvConfig, ...EnvConfig[]];

const serverProperties = (feed: SynthesizedStack): string =>
  String(resourcesOf(feed, 'aws_msk_configuration')[0]?.server_properties);
const connectivity = (feed: SynthesizedStack): Record<string, unknown> =>
  (
    resourcesOf(feed, 'aws_msk_cluster')[0]?.broker_node_group_info as {
      connectivity_info: Record<string, unknown>;
    }
  ).connectivity_info;

describe('the committed configs', () => {
  it.each(environments.map((e) => [e.env, e] as const))(
    '%s is valid for a first apply from nothing: phase create, no cluster yet',
    (_env, cfg) => {
      expect(cfg.phase).toBe('create');
      expect(cfg.clusterArn).toBeUndefined();
    },
  );
});

describe.each(environments.flatMap((cfg) => DEPLOY_PHASES.map((p) => [cfg.env, p, cfg] as const)))(
  '%s in phase %s',
  (env, phase, cfg) => {
    const stacks = synthEnv(atPhase(cfg, phase));
    const feed = stackNamed(stacks, `feed-${env}`);

    it('synthesizes, with SCRAM over TLS and no unauthenticated access in every phase', () => {
      expect(resourcesOf(feed, 'aws_msk_cluster')[0]?.client_authentication).toEqual({
        sasl: { iam: false, scram: true },
        unauthenticated: false,
      });
    });

    if (phase === 'create') {
      it('leaves ACL enforcement off, so the admin CLI can create the first ACLs', () => {
        expect(serverProperties(feed)).toContain('allow.everyone.if.no.acl.found=true');
      });
    } else {
      it('enforces ACLs', () => {
        expect(serverProperties(feed)).toContain('allow.everyone.if.no.acl.found=false');
      });
    }

    if (phase === 'multi-vpc') {
      it('turns on multi-VPC connectivity for SCRAM, the cluster policy and the consumer stacks', () => {
        expect(connectivity(feed)).toHaveProperty('vpc_connectivity');
        expect(resourcesOf(feed, 'aws_msk_cluster_policy')).toHaveLength(1);
        const consumers = cfg.customers
          .filter((c) => c.consumer)
          .map((c) => `consumer-${env}-${c.name}`);
        expect(stacks.map((s) => s.name)).toEqual([`feed-${env}`, ...consumers]);
      });
    } else {
      it('asks MSK for no multi-VPC connectivity (refused at creation), no cluster policy, no consumer stack', () => {
        expect(connectivity(feed)).not.toHaveProperty('vpc_connectivity');
        expect(resourcesOf(feed, 'aws_msk_cluster_policy')).toEqual([]);
        const ports = resourcesOf(feed, 'aws_vpc_security_group_ingress_rule').map(
          (r) => r.from_port,
        );
        expect(ports).not.toContain(14001);
        expect(stacks.map((s) => s.name)).toEqual([`feed-${env}`]);
      });
    }
  },
);

describe('the config schema refuses what MSK would reject or what locks everyone out', () => {
  it.each(['enforce-acls', 'multi-vpc'] as const)(
    'refuses phase %s without the cluster the first apply created (the fresh-cluster trap)',
    (phase) => {
      expect(() => defineEnv({ ...dev, phase })).toThrow(
        new RegExp(
          `clusterArn: phase "${phase}" changes an existing cluster: apply phase "create" first`,
        ),
      );
    },
  );

  it('refuses a cluster ARN of another account', () => {
    const arn = placeholderClusterArn(dev).replace(dev.producerAccountId, '999999999999');
    expect(() => defineEnv({ ...dev, phase: 'multi-vpc', clusterArn: arn })).toThrow(
      /clusterArn: must be a cluster in us-east-1 of the producer account 111111111111/,
    );
  });

  it('refuses multi-VPC connectivity on kafka.t3.small brokers', () => {
    expect(() =>
      defineEnv({
        ...atPhase(dev, 'multi-vpc'),
        kafka: { ...dev.kafka, brokerInstanceType: 'kafka.t3.small' },
      }),
    ).toThrow(/kafka\.brokerInstanceType: MSK multi-VPC connectivity does not support/);
  });

  it('refuses a storage autoscaling ceiling at or below the current volume size', () => {
    expect(() =>
      defineEnv({
        ...dev,
        kafka: { ...dev.kafka, storageAutoscaling: { maxVolumeSizeGiB: dev.kafka.volumeSizeGiB } },
      }),
    ).toThrow(/kafka\.storageAutoscaling\.maxVolumeSizeGiB: must be above kafka\.volumeSizeGiB/);
  });

  it('refuses a phase it does not know', () => {
    expect(() => defineEnv({ ...dev, phase: 'all-at-once' as 'create' })).toThrow(/phase:/);
  });
});
