import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@marketfeed/service';
import { kafkaClientConfig } from './client.js';

const logger = createLogger({ name: 't', level: 'silent' });

describe('kafkaClientConfig', () => {
  it('uses the CA file for TLS verification when given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-'));
    writeFileSync(
      join(dir, 'ca.pem'),
      '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n',
    );
    const cfg = kafkaClientConfig(
      {
        brokers: ['localhost:9094'],
        ssl: true,
        caFile: join(dir, 'ca.pem'),
        sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
        topicPrefix: 'm',
      },
      { clientId: 'c', logger },
    );
    expect(cfg.ssl).toMatchObject({
      rejectUnauthorized: true,
      ca: [expect.stringContaining('BEGIN CERTIFICATE')],
    });
    expect(cfg.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
  });

  it('uses the system trust store when TLS is on without a CA file (MSK)', () => {
    const cfg = kafkaClientConfig(
      { brokers: ['b:9096'], ssl: true, caFile: undefined, sasl: undefined, topicPrefix: 'm' },
      { clientId: 'c', logger },
    );
    expect(cfg.ssl).toBe(true);
    expect(cfg.sasl).toBeUndefined();
  });
});
