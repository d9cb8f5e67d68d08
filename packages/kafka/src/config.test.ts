import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@marketfeed/service';
import { loadKafkaSettings } from './config.js';

describe('loadKafkaSettings', () => {
  it('builds PLAINTEXT settings for local use', () => {
    const s = loadKafkaSettings({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(s).toEqual({
      brokers: ['127.0.0.1:9092'],
      ssl: false,
      caFile: undefined,
      sasl: undefined,
      topicPrefix: 'marketfeed',
    });
  });

  it('builds SASL_SSL SCRAM-SHA-512 settings', () => {
    const s = loadKafkaSettings({
      KAFKA_BROKERS: 'b-1:9096,b-2:9096',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_USERNAME: 'enricher',
      KAFKA_PASSWORD: 'pw',
      FEED_TOPIC_PREFIX: 'prod.feed',
    });
    expect(s.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'enricher', password: 'pw' });
    expect(s.brokers).toHaveLength(2);
    expect(s.topicPrefix).toBe('prod.feed');
  });

  it('fails fast naming missing credentials and insecure SCRAM', () => {
    try {
      loadKafkaSettings({ KAFKA_BROKERS: 'b:9096', KAFKA_SASL_MECHANISM: 'scram-sha-512' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const vars = (err as ConfigError).problems.map((p) => p.variable).sort();
      expect(vars).toEqual(['KAFKA_PASSWORD', 'KAFKA_SSL', 'KAFKA_USERNAME']);
    }
  });

  it('rejects a missing or malformed broker list', () => {
    expect(() => loadKafkaSettings({})).toThrow(/KAFKA_BROKERS: is required/);
    expect(() => loadKafkaSettings({ KAFKA_BROKERS: 'localhost' })).toThrow(
      /"localhost" is not host:port/,
    );
  });

  it('rejects an unknown SASL mechanism by name', () => {
    expect(() =>
      loadKafkaSettings({ KAFKA_BROKERS: 'b:1', KAFKA_SASL_MECHANISM: 'plain' }),
    ).toThrow(/KAFKA_SASL_MECHANISM: expected one of scram-sha-512\|none/);
  });

  it('names KAFKA_SSL_CA_FILE when the CA file cannot be read', () => {
    try {
      loadKafkaSettings({
        KAFKA_BROKERS: 'b:9096',
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: '/nope/ca.pem',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        {
          variable: 'KAFKA_SSL_CA_FILE',
          reason: expect.stringContaining('cannot read /nope/ca.pem'),
        },
      ]);
    }
  });

  it('accepts a readable CA file', () => {
    const s = loadKafkaSettings({
      KAFKA_BROKERS: 'b:9096',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: fileURLToPath(import.meta.url),
    });
    expect(s.caFile).toBe(fileURLToPath(import.meta.url));
  });
});
