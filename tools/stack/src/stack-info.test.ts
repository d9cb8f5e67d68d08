import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readStackInfo,
  serviceEnv,
  StackNotRunningError,
  userPassword,
  writeStackInfo,
  type StackInfo,
} from './stack-info.js';

const info: StackInfo = {
  kafka: {
    plaintext: '127.0.0.1:9092',
    saslSsl: 'localhost:9094',
    caFile: '/s/ca.pem',
    users: { sink: { password: 'pw' } },
  },
  opensearch: { url: 'http://127.0.0.1:9200' },
};

describe('stack.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-info-'));

  it('round-trips and is readable only by its owner', async () => {
    const file = join(dir, 'stack.json');
    await writeStackInfo(info, file);
    expect(readStackInfo(file)).toEqual(info);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('tells the reader to start the stack when there is none', () => {
    expect(() => readStackInfo(join(dir, 'missing.json'))).toThrow(StackNotRunningError);
    expect(() => readStackInfo(join(dir, 'missing.json'))).toThrow(
      /local stack not running: run npm run stack:up/,
    );
  });

  it('reports a stopped stack as not running even though its stack.json is kept', async () => {
    const stopped = mkdtempSync(join(tmpdir(), 'stack-stopped-'));
    mkdirSync(join(stopped, 'run'));
    writeFileSync(join(stopped, 'run', 'kafka.pid'), '2147483646\n');
    await writeStackInfo(info, join(stopped, 'stack.json'));
    expect(() => readStackInfo(join(stopped, 'stack.json'))).toThrow(
      /local stack not running: run npm run stack:up \(Kafka is stopped\)/,
    );
  });

  it('names the users that exist when asked for one that does not', () => {
    expect(userPassword(info, 'sink')).toBe('pw');
    expect(() => userPassword(info, 'root')).toThrow(/no SCRAM user "root".*have: sink/);
  });

  it('maps a service user onto the shared env contract, over SASL_SSL', () => {
    expect(serviceEnv(info, 'sink', 't-1')).toEqual({
      KAFKA_BROKERS: 'localhost:9094',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: '/s/ca.pem',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_USERNAME: 'sink',
      KAFKA_PASSWORD: 'pw',
      FEED_TOPIC_PREFIX: 't-1',
      OPENSEARCH_URL: 'http://127.0.0.1:9200',
      OPENSEARCH_AUTH: 'none',
    });
  });
});
