import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { environments } from '../config/index.js';
import { atPhase } from './support/phases.js';
import { synthEnv } from './support/synth.js';
import {
  forCheckov,
  gate,
  installCheckov,
  runCheckov,
  skips,
  type Finding,
} from './support/checkov.js';

/*
 * checkov, pinned and installed from PyPI by infra/checkov/install.sh, over every stack the
 * project synthesizes (the committed first-apply configs and the steady state with the
 * consumer stacks) and the app Dockerfile. A finding not in infra/checkov/skips.json fails
 * the suite; a planted stack and Dockerfile, scanned in the same run, prove that it can.
 */
const dockerfile = fileURLToPath(new URL('../../docker/app.Dockerfile', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'checkov-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let writtenFiles = 0;
function writeStacks(): void {
  mkdirSync(join(dir, 'stacks'));
  for (const cfg of environments)
    for (const [label, at] of [
      ['committed', cfg],
      ['steady', atPhase(cfg, 'multi-vpc')],
    ] as const)
      for (const stack of synthEnv(at)) {
        writtenFiles += 1;
        writeFileSync(
          join(dir, 'stacks', `${stack.name}.${label}.tf.json`),
          JSON.stringify(forCheckov(stack.tf as unknown as Record<string, unknown>), null, 1),
        );
      }
  mkdirSync(join(dir, 'docker'));
  writtenFiles += 1;
  copyFileSync(dockerfile, join(dir, 'docker', 'Dockerfile'));
}

/** What the gate must catch: an unencrypted topic, a root `latest` image without a health check. */
function writePlanted(): void {
  mkdirSync(join(dir, 'planted'));
  const app = new App();
  const stack = new TerraformStack(app, 'planted');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new SnsTopic(stack, 'plain-topic', { name: 'plain' });
  writeFileSync(join(dir, 'planted', 'planted.tf.json'), Testing.synth(stack));
  writeFileSync(
    join(dir, 'planted', 'Dockerfile'),
    ['FROM node:latest', 'COPY . .', 'CMD ["node", "main.js"]', ''].join('\n'),
  );
}

let findings: Finding[] = [];
const planted = (f: Finding) => f.file.startsWith('/planted/');

beforeAll(() => {
  writeStacks();
  writePlanted();
  findings = runCheckov(installCheckov(), dir, ['terraform_json', 'dockerfile']);
}, 20 * 60_000);

describe('checkov over the synthesized stacks and the app Dockerfile', () => {
  it('finds nothing that infra/checkov/skips.json does not name', () => {
    const open = gate(
      findings.filter((f) => !planted(f)),
      skips(),
    ).findings;
    expect(open.map((f) => `${f.check} ${f.resource} (${f.file}): ${f.name}`)).toEqual([]);
  });

  it('keeps no stale skip: each one still matches a finding', () => {
    expect(
      gate(
        findings.filter((f) => !planted(f)),
        skips(),
      ).unused,
    ).toEqual([]);
  });

  it('gives every skip a reason', () => {
    for (const s of skips())
      expect(s.reason.length, `${s.check} ${s.resource}`).toBeGreaterThan(40);
  });

  it('read every stack and the Dockerfile (a file it cannot read would hide its findings)', () => {
    // Each synthesized stack has log groups (CKV_AWS_338, skipped): one finding per file at least.
    const files = new Set(findings.filter((f) => !planted(f)).map((f) => f.file));
    expect(files.size).toBe(writtenFiles);
  });
});

describe('the gate on planted violations', () => {
  it('fails on an unencrypted topic and a root image on latest with no health check', () => {
    const caught = gate(findings.filter(planted), skips()).findings.map((f) => f.check);
    expect(caught).toEqual(
      expect.arrayContaining(['CKV_AWS_26', 'CKV_DOCKER_2', 'CKV_DOCKER_3', 'CKV_DOCKER_7']),
    );
  });
});
