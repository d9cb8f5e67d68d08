import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCustomer } from './customers.js';
import { canLogin, eventually, useCustomerWorld } from '../test/int-test-kit.js';

const world = useCustomerWorld({ topics: false });
const { prefix, target } = world;
const name = world.customer();
const outDir = world.tempDir('feedctl-rotate');

describe('rotating a customer password', () => {
  it('refuses the old password and hands over a new properties file', async () => {
    const added = await addCustomer(world.deps, name, ['latest']);
    const old = added.password as string;
    await world.waitForLogin(added.id.username, old);
    const { code, all: out } = await world.feedctl(
      'customers',
      'rotate',
      name,
      '--out-dir',
      outDir,
    );
    expect(code, out).toBe(0);
    const text = readFileSync(join(outDir, `${added.id.username}.properties`), 'utf8');
    const fresh = /password="([^"]+)"/.exec(text)?.[1] as string;
    expect(fresh).not.toBe(old);
    expect(out).not.toContain(fresh);
    expect(text).toContain(`# topics: ${prefix}.latest`);
    await world.waitForLogin(added.id.username, fresh);
    await eventually(
      async () => !(await canLogin(target, added.id.username, old)),
      'the old password to be refused',
    );
  }, 90_000);
});
