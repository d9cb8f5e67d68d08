import { accessSync, constants, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { createLogger } from '@marketfeed/service';
import {
  cleanup,
  plaintextKafka,
  provisionTopics,
  randomCustomer,
  randomPrefix,
  stackTarget,
} from './int-test-kit.js';
import { runFeedctl } from '../src/run.js';

const prefix = randomPrefix();
const target = stackTarget(prefix);
const name = randomCustomer();
let admin: Admin;

async function feedctl(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runFeedctl(['--stack', '--prefix', prefix, ...argv], {
    env: {},
    cwd: process.cwd(),
    out: (t) => (out += t),
    err: (t) => (out += t),
    logger: createLogger({ name: 'feedctl-test', level: 'silent', pretty: false }),
  });
  return { code, out };
}

describe('feedctl customers add / remove on the local stack', () => {
  beforeAll(async () => {
    admin = plaintextKafka(target).admin();
    await admin.connect();
    await provisionTopics(admin, prefix);
  }, 60_000);

  afterAll(async () => {
    await cleanup({ admin, prefix, scram: target.scram }, prefix, [name]);
    await admin.disconnect();
  }, 60_000);

  it('prints commands that run as printed, and remove deletes the properties file it wrote', async () => {
    const added = await feedctl('customers', 'add', name, '--products', 'enriched');
    expect(added.code, added.out).toBe(0);
    const file = /Client properties .*: (\S+\.properties)/.exec(added.out)?.[1];
    expect(file, added.out).toBeDefined();
    expect(existsSync(file!)).toBe(true);

    // The console consumer line starts with an executable path and uses Kafka 4's flag.
    const consoleLine = added.out.split('\n').find((l) => l.includes('--bootstrap-server'));
    const tool = consoleLine?.trim().split(' ')[0] ?? '';
    expect(() => accessSync(tool, constants.X_OK), consoleLine).not.toThrow();
    expect(consoleLine).toContain(`--command-config ${file}`);
    expect(consoleLine).not.toContain('--consumer.config');

    // The client line goes through the repo's npm script, which exists.
    const consumeLine = added.out.split('\n').find((l) => l.includes('--config'));
    expect(consumeLine).toMatch(/npm --prefix \S+ run -s consume -- --config \S+/);

    const removed = await feedctl('customers', 'remove', name);
    expect(removed.code, removed.out).toBe(0);
    expect(removed.out).toContain(`${file} deleted`);
    expect(existsSync(file!)).toBe(false);
  }, 120_000);
});
