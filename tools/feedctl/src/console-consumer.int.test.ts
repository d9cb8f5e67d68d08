import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barMessage, CustomerWorld, enrichedBar } from '../test/int-test-kit.js';

const world = new CustomerWorld();
const { prefix, target } = world;
const name = world.customer();
const outDir = mkdtempSync(join(tmpdir(), 'feedctl-int-'));
const feedctl = (...args: string[]) => world.feedctl(...args);

function consoleConsumer(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = join(
    dirname(target.customerCaFile as string),
    '..',
    '..',
    'bin',
    'kafka-console-consumer.sh',
  );
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("Kafka's own console consumer works with the properties file feedctl generates", () => {
  beforeAll(async () => {
    await world.open();
    await world.produce('enriched', [
      barMessage(enrichedBar('CONS', 1)),
      barMessage(enrichedBar('CONS', 2)),
    ]);
  }, 60_000);

  afterAll(async () => {
    await world.close();
    rmSync(outDir, { recursive: true, force: true });
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
    const read = await consoleConsumer([
      '--bootstrap-server',
      target.customerBootstrap,
      '--topic',
      `${prefix}.enriched`,
      '--from-beginning',
      '--consumer.config',
      file,
      '--max-messages',
      '2',
      '--timeout-ms',
      '30000',
    ]);
    expect(read.code).toBe(0);
    // Kafka 4.1+ prints a deprecation notice for --consumer.config (now --command-config) on
    // stdout; the flag is kept because customers' Kafka 3.x tools only know that one.
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
    const foreign = await consoleConsumer([
      '--bootstrap-server',
      target.customerBootstrap,
      '--topic',
      `${prefix}.enriched`,
      '--from-beginning',
      '--consumer.config',
      foreignFile,
      '--max-messages',
      '1',
      '--timeout-ms',
      '15000',
    ]);
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
