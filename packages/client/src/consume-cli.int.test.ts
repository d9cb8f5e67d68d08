import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeCustomer } from '@marketfeed/feedctl';
import {
  barMessage,
  useCustomerWorld,
  enrichedBar,
  eventually,
} from '@marketfeed/feedctl/int-test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConsumeArgs } from './cli-args.js';
import { consume } from './consume.js';

const world = useCustomerWorld();
const { prefix } = world;
const full = world.customer();
const latestOnly = world.customer();
const dir = world.tempDir('consume-int');

async function addWithFile(name: string, products: string): Promise<string> {
  const { code, all } = await world.feedctl(
    'customers',
    'add',
    name,
    '--products',
    products,
    '--out-dir',
    dir,
  );
  expect(code, all).toBe(0);
  const file = join(dir, `customer-${name}.properties`);
  const password = /password="([^"]+)"/.exec(readFileSync(file, 'utf8'))?.[1] as string;
  await world.waitForLogin(`customer-${name}`, password);
  return file;
}

async function run(
  argv: string[],
  onErr?: (text: string) => void,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  let stop: (() => void) | undefined;
  const timer = setTimeout(() => stop?.(), 60_000);
  const code = await consume(
    parseConsumeArgs(['--prefix', prefix, '--output', 'jsonl', ...argv]),
    {},
    {
      out: (t) => (out += t),
      err: (t) => {
        err += t;
        onErr?.(t);
      },
      isTty: false,
      onStopRequest: (s) => (stop = s),
    },
  );
  clearTimeout(timer);
  return { code, out, err };
}

const bars = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; bar: { symbol: string; seq: number } })
    .map((e) => `${e.type} ${e.bar.symbol}#${e.bar.seq}`);

describe('marketfeed-consume reads with the handed-over file and explains every refusal', () => {
  beforeAll(async () => {
    const hourAgo = String(Date.now() - 3_600_000);
    await world.produce(
      'enriched',
      [
        barMessage(enrichedBar('AAA', 1)),
        barMessage(enrichedBar('BBB', 1)),
        barMessage(enrichedBar('AAA', 2)),
      ].map((m) => ({ ...m, timestamp: hourAgo })),
    );
    await world.produce('enriched', [barMessage(enrichedBar('BBB', 2))]);
  }, 60_000);

  it('reads from the beginning for chosen symbols, and from a point in time', async () => {
    const file = await addWithFile(full, 'enriched,latest');
    const aaa = await run([
      '--config',
      file,
      '--from-beginning',
      '--symbols',
      'aaa',
      '--max-records',
      '2',
    ]);
    expect(aaa.code, aaa.err).toBe(0);
    expect(bars(aaa.out)).toEqual(['bar AAA#1', 'bar AAA#2']);

    const since = await run([
      '--config',
      file,
      '--since',
      new Date(Date.now() - 1_800_000).toISOString(),
      '--max-records',
      '1',
    ]);
    expect(since.code, since.err).toBe(0);
    expect(bars(since.out)).toEqual(['bar BBB#2']);
  }, 120_000);

  it('refuses a group outside the customer prefix before connecting', async () => {
    const file = join(dir, `customer-${full}.properties`);
    const r = await run(['--config', file, '--group', 'customer-someone-else.app']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`must start with "customer-${full}."`);
  });

  it('says which topic is not part of the subscription', async () => {
    const file = await addWithFile(latestOnly, 'latest');
    const r = await run(['--config', file, '--no-snapshot']);
    expect(r.code).toBe(77);
    expect(r.err).toContain(
      `not authorized to read topic "${prefix}.enriched" as "customer-${latestOnly}"`,
    );
  }, 90_000);

  it('reports a wrong password as an authentication failure', async () => {
    const file = join(dir, `customer-${full}.properties`);
    const wrong = join(dir, 'wrong.properties');
    writeFileSync(
      wrong,
      readFileSync(file, 'utf8').replace(/password="[^"]+"/, 'password="wrong"'),
      { mode: 0o600 },
    );
    const r = await run(['--config', wrong]);
    expect(r.code).toBe(77);
    expect(r.err).toContain(`authentication failed for Kafka user "customer-${full}"`);
  }, 60_000);

  it('stops with an access error when the customer is removed while it reads', async () => {
    const file = join(dir, `customer-${full}.properties`);
    let following = false;
    const running = run(['--config', file, '--no-snapshot'], (t) => {
      if (t.includes('following')) following = true;
    });
    await eventually(async () => following, 'the client to follow the stream', 60_000);
    await removeCustomer(world.deps, full);
    const r = await running;
    expect(r.code, r.err).toBe(77);
    expect(r.err).toMatch(
      /access denied: .*(not authorized to read topic|consumer group .* was refused|not authorized to use consumer group)/,
    );
  }, 120_000);
});
