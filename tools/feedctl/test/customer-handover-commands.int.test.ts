import { accessSync, constants, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useCustomerWorld } from './int-test-kit.js';

const world = useCustomerWorld();
const name = world.customer();

describe('feedctl customers add / remove on the local stack', () => {
  it('prints commands that run as printed, and remove deletes the properties file it wrote', async () => {
    const added = await world.feedctl('customers', 'add', name, '--products', 'enriched');
    expect(added.code, added.all).toBe(0);
    const file = /Client properties .*: (\S+\.properties)/.exec(added.all)?.[1];
    expect(file, added.all).toBeDefined();
    expect(existsSync(file!)).toBe(true);

    // The console consumer line starts with an executable path and uses Kafka 4's flag.
    const consoleLine = added.all.split('\n').find((l) => l.includes('--bootstrap-server'));
    const tool = consoleLine?.trim().split(' ')[0] ?? '';
    expect(() => accessSync(tool, constants.X_OK), consoleLine).not.toThrow();
    expect(consoleLine).toContain(`--command-config ${file}`);
    expect(consoleLine).not.toContain('--consumer.config');

    // The client line goes through the repo's npm script, which exists.
    const consumeLine = added.all.split('\n').find((l) => l.includes('--config'));
    expect(consumeLine).toMatch(/npm --prefix \S+ run -s consume -- --config \S+/);

    const removed = await world.feedctl('customers', 'remove', name);
    expect(removed.code, removed.all).toBe(0);
    expect(removed.all).toContain(`${file} deleted`);
    expect(existsSync(file!)).toBe(false);
  }, 120_000);
});
