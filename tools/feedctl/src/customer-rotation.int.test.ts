import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { type Admin } from 'kafkajs';
import { createLogger } from '@marketfeed/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomer, type CustomerDeps } from './customers.js';
import {
  cleanup,
  customerKafkaConfig,
  eventually,
  plaintextKafka,
  randomCustomer,
  randomPrefix,
  stackTarget,
  waitForLogin,
} from '../test/int-test-kit.js';
import { runFeedctl } from './run.js';

const prefix = randomPrefix();
const target = stackTarget(prefix);
const name = randomCustomer();
const outDir = mkdtempSync(join(tmpdir(), 'feedctl-rotate-'));
let admin: Admin;
let deps: CustomerDeps;

async function canLogin(username: string, password: string): Promise<boolean> {
  const probe = new kafkajs.Kafka(customerKafkaConfig(target, username, password)).admin();
  try {
    await probe.connect();
    return true;
  } catch {
    return false;
  } finally {
    await probe.disconnect();
  }
}

describe('rotating a customer password', () => {
  beforeAll(async () => {
    admin = plaintextKafka(target).admin();
    await admin.connect();
    deps = { admin, prefix, scram: target.scram };
  });

  afterAll(async () => {
    await cleanup(deps, prefix, [name]);
    await admin.disconnect();
    rmSync(outDir, { recursive: true, force: true });
  }, 60_000);

  it('refuses the old password and hands over a new properties file', async () => {
    const added = await addCustomer(deps, name, ['latest']);
    const old = added.password as string;
    await waitForLogin(target, added.id.username, old);
    let out = '';
    const code = await runFeedctl(
      ['--stack', '--prefix', prefix, 'customers', 'rotate', name, '--out-dir', outDir],
      {
        env: {},
        cwd: process.cwd(),
        out: (t) => (out += t),
        err: (t) => (out += t),
        logger: createLogger({ name: 'feedctl', level: 'silent', destination: process.stderr }),
      },
    );
    expect(code, out).toBe(0);
    const text = readFileSync(join(outDir, `${added.id.username}.properties`), 'utf8');
    const fresh = /password="([^"]+)"/.exec(text)?.[1] as string;
    expect(fresh).not.toBe(old);
    expect(out).not.toContain(fresh);
    expect(text).toContain(`# topics: ${prefix}.latest`);
    await waitForLogin(target, added.id.username, fresh);
    await eventually(
      async () => !(await canLogin(added.id.username, old)),
      'the old password to be refused',
    );
  }, 90_000);
});
