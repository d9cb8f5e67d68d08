import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_SCRATCH, CONSOLE_CONSUMER_SCRIPT } from '../src/constructs/consumer-access.js';

/*
 * The consumer task's entry script, run by a real sh with the Kafka CLI replaced by a stand-in
 * that records what it was started with: its arguments (what `ps` and /proc/<pid>/cmdline
 * show), its environment, and the client properties file.
 */
const dir = mkdtempSync(join(tmpdir(), 'consumer-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'bin'));
mkdirSync(join(dir, 'scratch'));
const fake = join(dir, 'bin', 'kafka-console-consumer.sh');
writeFileSync(
  fake,
  [
    '#!/bin/sh',
    `printf '%s\\n' "$@" > ${dir}/args`,
    `env > ${dir}/env`,
    `tr '\\0' ' ' < /proc/$$/cmdline > ${dir}/cmdline`,
    '',
  ].join('\n'),
);
chmodSync(fake, 0o755);

const password = 'S3cretPasswordFromSecretsManager0000000';
const script = CONSOLE_CONSUMER_SCRIPT.replaceAll(CLIENT_SCRATCH, join(dir, 'scratch')).replaceAll(
  '/opt/kafka/bin/',
  `${dir}/bin/`,
);
const run = spawnSync('sh', ['-c', script], {
  encoding: 'utf8',
  env: {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    KAFKA_BROKERS: 'b-1.example:14001',
    KAFKA_USERNAME: 'customer-acme',
    KAFKA_PASSWORD: password,
    FEED_TOPIC: 'marketfeed.enriched',
    FEED_GROUP: 'customer-acme.console',
  },
});
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('the consumer client entry script', () => {
  it('starts the console consumer on the topic, group and brokers it is given', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(read('args').trim().split('\n')).toEqual([
      '--bootstrap-server',
      'b-1.example:14001',
      '--topic',
      'marketfeed.enriched',
      '--group',
      'customer-acme.console',
      '--consumer.config',
      `${dir}/scratch/client.properties`,
    ]);
  });

  it('never puts the password on a command line, nor leaves it in the client environment', () => {
    expect(read('cmdline')).not.toContain(password);
    expect(read('args')).not.toContain(password);
    expect(read('env')).not.toContain(password);
  });

  it('hands the password over in a properties file only its user can read', () => {
    const properties = read('scratch/client.properties');
    expect(properties).toContain('security.protocol=SASL_SSL\n');
    expect(properties).toContain('sasl.mechanism=SCRAM-SHA-512\n');
    expect(properties).toContain(
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="customer-acme" password="${password}";\n`,
    );
    expect(statSync(join(dir, 'scratch/client.properties')).mode & 0o077).toBe(0);
  });
});
