import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runToExit, type ProcessResult } from '@marketfeed/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { barMessage, enrichedBar, useCustomerWorld } from '../test/int-test-kit.js';

const world = useCustomerWorld();
const { prefix, target } = world;
const name = world.customer();
const outDir = world.tempDir('feedctl-int');
const feedctl = (...args: string[]) => world.feedctl(...args);

/** The reference design's console-consumer command on the enriched topic, with `config`. */
function consoleConsumer(
  config: string,
  maxMessages: number,
  timeoutMs: number,
): Promise<ProcessResult> {
  const bin = join(
    dirname(target.customerCaFile as string),
    '..',
    '..',
    'bin',
    'kafka-console-consumer.sh',
  );
  return runToExit(bin, [
    '--bootstrap-server',
    target.customerBootstrap,
    '--topic',
    `${prefix}.enriched`,
    '--from-beginning',
    '--command-config',
    config,
    '--max-messages',
    String(maxMessages),
    '--timeout-ms',
    String(timeoutMs),
  ]);
}

describe("Kafka's own console consumer works with the properties file feedctl generates", () => {
  beforeAll(async () => {
    await world.produce('enriched', [
      barMessage(enrichedBar('CONS', 1)),
      barMessage(enrichedBar('CONS', 2)),
    ]);
  }, 60_000);

  it('adds a customer, reads with kafka-console-consumer, lists it and removes it', async () => {
    const added = await feedctl('customers', 'add', name, '--out-dir', outDir);
    expect(added.code).toBe(0);
    const file = join(outDir, `customer-${name}.properties`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = /password="([^"]+)"/.exec(readFileSync(file, 'utf8'))?.[1] as string;
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(added.out + added.err).not.toContain(password);
    expect(added.out).toContain(
      `kafka-console-consumer.sh --bootstrap-server ${target.customerBootstrap} --topic ${prefix}.enriched`,
    );

    await world.waitForLogin(`customer-${name}`, password, 'the credential to be usable');

    // Exactly the reference design's command, with the generated file.
    const read = await consoleConsumer(file, 2, 30_000);
    expect(read.code).toBe(0);
    // The current flag (Kafka 4.1+ deprecates --consumer.config with a notice on stdout), the
    // one `customers add` prints.
    expect(read.stdout + read.stderr).not.toMatch(/deprecated/i);
    const bars = read.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { symbol: string; seq: number });
    expect(bars.map((b) => `${b.symbol}#${b.seq}`)).toEqual(['CONS#1', 'CONS#2']);

    // The broker's own word on a group outside the customer's prefix (the tool refuses a
    // --group that contradicts the file's group.id, so the copy carries the foreign group).
    const foreignFile = join(outDir, 'foreign-group.properties');
    writeFileSync(
      foreignFile,
      readFileSync(file, 'utf8').replace(/^group\.id=.*$/m, 'group.id=customer-someone-else.x'),
      { mode: 0o600 },
    );
    const foreign = await consoleConsumer(foreignFile, 1, 15_000);
    expect(foreign.stdout).not.toContain('"symbol"');
    expect(foreign.stderr).toMatch(/GroupAuthorizationException|Not authorized to access group/);

    const list = await feedctl('customers', 'list', '--json');
    expect(JSON.parse(list.out)).toContainEqual({
      name,
      username: `customer-${name}`,
      products: ['enriched', 'latest'],
      groupAccess: true,
      extraAcls: 0,
      credential: true,
    });
    const acls = await feedctl('acls', 'show', '--customer', name);
    expect(acls.out.trim().split('\n')).toHaveLength(6);
    expect(acls.out).toContain(`PREFIXED  customer-${name}.`);

    const removed = await feedctl('customers', 'remove', name);
    expect(removed).toMatchObject({ code: 0 });
    expect(removed.out).toMatch(/5 ACL\(s\) deleted.*SCRAM credential deleted/);
    expect((await feedctl('customers', 'remove', name)).code).toBe(1);
  }, 150_000);
});
