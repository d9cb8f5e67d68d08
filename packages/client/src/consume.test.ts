import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConsumeArgs } from './cli-args.js';
import { describeEvent, resolveClientOptions } from './consume.js';

const dir = mkdtempSync(join(tmpdir(), 'consume-'));
const file = join(dir, 'c.properties');
writeFileSync(
  file,
  'bootstrap.servers=b:9096\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=x required username="customer-acme" password="pw";\n',
);

describe('client options', () => {
  it('takes the properties file over the environment and flags over both', () => {
    const env = {
      KAFKA_BROKERS: 'env:1',
      KAFKA_USERNAME: 'customer-env',
      MARKETFEED_PASSWORD: 'envpw',
      FEED_TOPIC_PREFIX: 'mf',
    };
    const fromFile = resolveClientOptions(parseConsumeArgs(['--config', file]), env);
    expect(fromFile).toMatchObject({
      brokers: ['b:9096'],
      username: 'customer-acme',
      password: 'pw',
      topicPrefix: 'mf',
      groupId: 'customer-acme.marketfeed-consume',
    });
    const flags = resolveClientOptions(
      parseConsumeArgs(['--config', file, '--brokers', 'f:1,f:2', '--group', 'customer-acme.x']),
      env,
    );
    expect(flags).toMatchObject({ brokers: ['f:1', 'f:2'], groupId: 'customer-acme.x' });
    expect(resolveClientOptions(parseConsumeArgs([]), env)).toMatchObject({
      brokers: ['env:1'],
      username: 'customer-env',
      password: 'envpw',
    });
  });

  it('names everything that is missing', () => {
    expect(() => resolveClientOptions(parseConsumeArgs([]), {})).toThrow(
      /missing --brokers .*; --username .*; --password-file/,
    );
  });

  it('describes gaps for humans', () => {
    expect(
      describeEvent({
        type: 'gap',
        symbol: 'A',
        expected: 5,
        got: 7,
        missing: 2,
        topic: 't',
        partition: 1,
        offset: '9',
      }),
    ).toBe('gap: A expected seq 5, got 7 (2 missing) at t/1@9');
  });
});
