import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from 'cdktf';
import { steadyEnvironments as environments } from './support/phases.js';
import { addStacks } from '../src/app.js';

describe('synthesizing the whole app (what `npm run synth` does)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'infra-synth-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ outdir });
  addStacks(app, environments);
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };

  it('writes one Terraform JSON per stack of every environment', () => {
    expect(Object.keys(manifest.stacks).sort()).toEqual(
      [
        'consumer-dev-acme',
        'consumer-prod-acme',
        'consumer-prod-initech',
        'feed-dev',
        'feed-prod',
      ].sort(),
    );
    for (const { synthesizedStackPath } of Object.values(manifest.stacks)) {
      const tf = JSON.parse(readFileSync(join(outdir, synthesizedStackPath), 'utf8')) as {
        resource: object;
      };
      expect(Object.keys(tf.resource).length).toBeGreaterThan(10);
    }
  });

  it('keeps every generated password out of what it writes', () => {
    let passwords = 0;
    for (const { synthesizedStackPath } of Object.values(manifest.stacks)) {
      const text = readFileSync(join(outdir, synthesizedStackPath), 'utf8');
      for (const m of text.matchAll(/"password\\?"\s*=\s*([^,})]+)/g)) {
        passwords += 1;
        expect(m[1]).toMatch(/^ephemeral\.random_password\./);
      }
    }
    // admin + 3 apps + customers, per environment.
    const users = environments.reduce((n, cfg) => n + 4 + cfg.customers.length, 0);
    expect(passwords).toBe(users);
  });
});
