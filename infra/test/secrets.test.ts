import { describe, expect, it } from 'vitest';
import { environments } from '../config/index.js';
import { defineEnv, type EnvConfig } from '../config/schema.js';
import { atPhase, steadyEnvironments } from './support/phases.js';
import { resourcesOf, stackNamed, synthEnv, type SynthesizedStack } from './support/synth.js';

const [dev] = environments as [EnvConfig, ...EnvConfig[]];

/** Username → the write-only version of its secret, read from the synthesized stack. */
function versions(feed: SynthesizedStack): Map<string, number> {
  return new Map(
    resourcesOf(feed, 'aws_secretsmanager_secret_version').map((v) => [
      /"username" = "([^"]+)"/.exec(String(v.secret_string_wo))?.[1] ?? '?',
      Number(v.secret_string_wo_version),
    ]),
  );
}

describe('generated SCRAM passwords', () => {
  const feed = stackNamed(synthEnv(dev), 'feed-dev');

  it('come from ephemeral random_password blocks, which Terraform keeps out of state and plan', () => {
    const ephemeral = Object.keys(feed.tf.ephemeral?.random_password ?? {}).sort();
    expect(ephemeral).toEqual(
      ['admin', 'customer-acme', 'customer-globex', 'enricher', 'ingestor', 'sink']
        .map((u) => `scram_${u}`)
        .sort(),
    );
    expect(feed.tf.resource.random_password).toBeUndefined();
  });

  it('need Terraform >= 1.11 (write-only arguments) and the pinned provider versions', () => {
    expect(feed.tf.terraform.required_version).toBe('>= 1.11.0, < 2.0.0');
    expect(feed.tf.terraform.required_providers?.aws?.version).toMatch(/^\d+\.\d+\.\d+$/);
    // Ephemeral random_password exists from hashicorp/random 3.7.
    const [major, minor] = (feed.tf.terraform.required_providers?.random?.version ?? '')
      .split('.')
      .map(Number);
    expect(major === 3 && minor! >= 7).toBe(true);
  });

  it('start at version 1 for every user', () => {
    expect([...versions(feed).values()].every((v) => v === 1)).toBe(true);
  });
});

describe('rotating a SCRAM credential (docs/runbook.md "Rotating SCRAM credentials")', () => {
  it("bumps exactly that user's write-only version, for a service and for a customer", () => {
    const rotated = defineEnv({
      ...dev,
      kafka: { ...dev.kafka, credentialVersions: { enricher: 2, 'customer-acme': 3 } },
    });
    const after = versions(stackNamed(synthEnv(rotated), 'feed-dev'));
    const before = versions(stackNamed(synthEnv(dev), 'feed-dev'));
    for (const [user, v] of before) {
      const expected = user === 'enricher' ? 2 : user === 'customer-acme' ? 3 : v;
      expect(after.get(user), user).toBe(expected);
    }
  });

  it('refuses a version for a user the cluster does not have', () => {
    expect(() =>
      defineEnv({ ...dev, kafka: { ...dev.kafka, credentialVersions: { 'customer-nobody': 2 } } }),
    ).toThrow(/kafka\.credentialVersions\.customer-nobody: no SCRAM user "customer-nobody"/);
  });
});

describe('Terraform state', () => {
  it.each(steadyEnvironments.map((c) => [c.env, c] as const))(
    'is encrypted with a customer-managed key in every stack of %s',
    (_env, cfg) => {
      for (const stack of synthEnv(atPhase(cfg, 'multi-vpc')))
        expect(stack.tf.terraform.backend?.s3?.kms_key_id, stack.name).toMatch(
          /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//,
        );
    },
  );

  it('cannot be configured without one', () => {
    const { kmsKeyArn: _dropped, ...backend } = dev.backend;
    expect(() => defineEnv({ ...dev, backend: backend as typeof dev.backend })).toThrow(
      /backend\.kmsKeyArn/,
    );
  });
});
