import { describe, expect, it } from 'vitest';
import { environments } from '../config/index.js';
import { defineEnv, type EnvConfig } from '../config/schema.js';
import { resourcesOf, stackNamed, synthEnv } from './support/synth.js';

const [dev] = environments as [EnvConfig, ...EnvConfig[]];
const firstApply: EnvConfig = {
  ...dev,
  kafka: { ...dev.kafka, aclsEnforced: false, multiVpc: false },
};

describe('the first apply (before ACLs exist)', () => {
  const feed = stackNamed(synthEnv(firstApply), 'feed-dev');
  const [cluster] = resourcesOf(feed, 'aws_msk_cluster');

  it('creates the cluster without multi-VPC connectivity, which MSK refuses at creation', () => {
    const connectivity = (
      cluster?.broker_node_group_info as { connectivity_info: Record<string, unknown> }
    ).connectivity_info;
    expect(connectivity).not.toHaveProperty('vpc_connectivity');
  });

  it('opens no multi-VPC ports on the brokers', () => {
    const ports = resourcesOf(feed, 'aws_vpc_security_group_ingress_rule').map((r) => r.from_port);
    expect(ports).not.toContain(14001);
  });

  it('has no cluster policy yet', () => {
    expect(resourcesOf(feed, 'aws_msk_cluster_policy')).toEqual([]);
  });

  it('leaves ACL enforcement off so the admin CLI can create the first ACLs', () => {
    const [conf] = resourcesOf(feed, 'aws_msk_configuration');
    expect(String(conf?.server_properties)).toContain('allow.everyone.if.no.acl.found=true');
  });

  it('still uses SCRAM over TLS with no unauthenticated access', () => {
    expect(cluster?.client_authentication).toEqual({
      sasl: { iam: false, scram: true },
      unauthenticated: false,
    });
  });
});

describe('the config', () => {
  it('refuses multi-VPC connectivity while ACLs are not enforced', () => {
    expect(() =>
      defineEnv({ ...dev, kafka: { ...dev.kafka, aclsEnforced: false, multiVpc: true } }),
    ).toThrow(/kafka\.multiVpc: MSK requires allow\.everyone\.if\.no\.acl\.found=false/);
  });
});

describe('the second apply', () => {
  const feed = stackNamed(synthEnv(dev), 'feed-dev');

  it('admits PrivateLink traffic to the brokers from inside the VPC only, on the multi-VPC ports', () => {
    const rules = resourcesOf(feed, 'aws_vpc_security_group_ingress_rule').filter(
      (r) => r.from_port === 14001,
    );
    expect(rules).toEqual([
      expect.objectContaining({ to_port: 14100, ip_protocol: 'tcp', cidr_ipv4: dev.network.cidr }),
    ]);
    expect(String(rules[0]?.security_group_id)).toMatch(/cluster_brokers-sg/);
  });
});
