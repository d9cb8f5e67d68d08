import { describe, expect, it } from 'vitest';
import { parseConsumeArgs } from '../src/cli-args.js';
import { consume } from '../src/consume.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  const err: string[] = [];
  const code = await consume(parseConsumeArgs(argv), env, {
    out: () => undefined,
    err: (t) => err.push(t),
    isTty: false,
    onStopRequest: () => undefined,
  });
  return { code, err: err.join('') };
}

describe('marketfeed-consume usage errors', () => {
  it('exits 2 with one line naming --config when the properties file does not exist', async () => {
    const { code, err } = await run(['--config', '/nope/customer.properties']);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('--config /nope/customer.properties: no such file');
  });
  it('exits 2 naming --password-file when that file does not exist', async () => {
    const { code, err } = await run([
      '--brokers',
      'b:1',
      '--username',
      'customer-x',
      '--password-file',
      '/nope/pw',
    ]);
    expect(code).toBe(2);
    expect(err).toContain('--password-file /nope/pw: no such file');
  });
  it('exits 2 naming the variable when the CA file does not exist', async () => {
    const { code, err } = await run(['--brokers', 'b:1', '--username', 'customer-x'], {
      MARKETFEED_PASSWORD: 'p',
      KAFKA_SSL_CA_FILE: '/nope/ca.pem',
    });
    expect(code).toBe(2);
    expect(err).toContain('KAFKA_SSL_CA_FILE: no such file /nope/ca.pem');
  });
});
