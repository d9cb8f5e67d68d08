import { describe, expect, it } from 'vitest';
import { ConfigError } from '@marketfeed/service';
import { loadEnricherConfig } from './config.js';

describe('loadEnricherConfig', () => {
  it('applies production defaults', () => {
    const c = loadEnricherConfig({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(c.groupId).toBe('marketfeed-enricher');
    expect(c.transactionalIdPrefix).toBe('marketfeed-enricher');
    expect(c.delivery).toBe('exactly-once');
    expect(c.enrich).toMatchObject({ thresholdPct: 5, smaFast: 20, smaSlow: 50 });
    expect(c.transactionMaxMs).toBe(100);
    expect(c.transactionMaxRecords).toBe(5000);
    expect(c.snapshotEveryMs).toBe(5000);
    expect(c.sessionTimeoutMs).toBe(6000);
    expect(c.heartbeatIntervalMs).toBe(1000);
  });

  it('reads the session timeout and heartbeat interval', () => {
    const c = loadEnricherConfig({
      KAFKA_BROKERS: 'b:1',
      ENRICHER_SESSION_TIMEOUT_MS: '30000',
      ENRICHER_HEARTBEAT_INTERVAL_MS: '3000',
    });
    expect(c.sessionTimeoutMs).toBe(30_000);
    expect(c.heartbeatIntervalMs).toBe(3000);
  });

  it('rejects a heartbeat interval above a third of the session timeout, naming the variable and the fix', () => {
    expect(() =>
      loadEnricherConfig({
        KAFKA_BROKERS: 'b:1',
        ENRICHER_SESSION_TIMEOUT_MS: '6000',
        ENRICHER_HEARTBEAT_INTERVAL_MS: '2001',
      }),
    ).toThrow(
      /ENRICHER_HEARTBEAT_INTERVAL_MS: must be at most a third of ENRICHER_SESSION_TIMEOUT_MS \(6000\), got 2001; set it to 2000 or less/,
    );
    // The default heartbeat too, when only the session timeout is set that short.
    expect(() =>
      loadEnricherConfig({ KAFKA_BROKERS: 'b:1', ENRICHER_SESSION_TIMEOUT_MS: '2000' }),
    ).toThrow(/ENRICHER_HEARTBEAT_INTERVAL_MS/);
    expect(
      loadEnricherConfig({
        KAFKA_BROKERS: 'b:1',
        ENRICHER_SESSION_TIMEOUT_MS: '6000',
        ENRICHER_HEARTBEAT_INTERVAL_MS: '2000',
      }).heartbeatIntervalMs,
    ).toBe(2000);
  });

  it('rejects a non-integer or out-of-range session timeout, naming the variable', () => {
    for (const bad of ['0', 'soon', '6000.5']) {
      expect(() =>
        loadEnricherConfig({ KAFKA_BROKERS: 'b:1', ENRICHER_SESSION_TIMEOUT_MS: bad }),
      ).toThrow(/ENRICHER_SESSION_TIMEOUT_MS/);
    }
  });

  it('reads the snapshot interval, 0 meaning a snapshot in every transaction', () => {
    expect(
      loadEnricherConfig({ KAFKA_BROKERS: 'b:1', ENRICHER_SNAPSHOT_INTERVAL_MS: '0' })
        .snapshotEveryMs,
    ).toBe(0);
    expect(
      loadEnricherConfig({ KAFKA_BROKERS: 'b:1', ENRICHER_SNAPSHOT_INTERVAL_MS: '60000' })
        .snapshotEveryMs,
    ).toBe(60_000);
  });

  it('rejects a negative or non-numeric snapshot interval, naming the variable', () => {
    for (const bad of ['-1', 'often', '1.5']) {
      expect(() =>
        loadEnricherConfig({ KAFKA_BROKERS: 'b:1', ENRICHER_SNAPSHOT_INTERVAL_MS: bad }),
      ).toThrow(/ENRICHER_SNAPSHOT_INTERVAL_MS/);
    }
  });

  it('reads the enricher variables', () => {
    const c = loadEnricherConfig({
      KAFKA_BROKERS: 'b:9096',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_USERNAME: 'enricher',
      KAFKA_PASSWORD: 'pw',
      ENRICHER_GROUP_ID: 'marketfeed-enricher-blue',
      INDICATOR_THRESHOLD_PCT: '2.5',
      SMA_FAST: '5',
      SMA_SLOW: '10',
      TRANSACTION_MAX_MS: '50',
      TRANSACTION_MAX_RECORDS: '100',
      DELIVERY: 'at-least-once',
    });
    expect(c).toMatchObject({
      groupId: 'marketfeed-enricher-blue',
      delivery: 'at-least-once',
      transactionMaxMs: 50,
      transactionMaxRecords: 100,
    });
    expect(c.enrich).toMatchObject({ thresholdPct: 2.5, smaFast: 5, smaSlow: 10 });
    expect(c.kafka.sasl?.username).toBe('enricher');
  });

  it('derives the group id and transactional-id prefix from FEED_TOPIC_PREFIX, like the sink', () => {
    const c = loadEnricherConfig({ KAFKA_BROKERS: 'b:1', FEED_TOPIC_PREFIX: 'acme' });
    expect(c.groupId).toBe('acme-enricher');
    expect(c.transactionalIdPrefix).toBe('acme-enricher');
  });

  it('rejects a group id or transactional-id prefix outside what the ACLs grant, naming the variable', () => {
    try {
      loadEnricherConfig({
        KAFKA_BROKERS: 'b:1',
        ENRICHER_GROUP_ID: 'other-enricher',
        ENRICHER_TRANSACTIONAL_ID_PREFIX: 'x',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
        'ENRICHER_GROUP_ID',
        'ENRICHER_TRANSACTIONAL_ID_PREFIX',
      ]);
      expect((err as ConfigError).message).toContain('must start with "marketfeed-enricher"');
    }
  });

  it('rejects SMA_SLOW not above SMA_FAST, naming the variable', () => {
    expect(() =>
      loadEnricherConfig({ KAFKA_BROKERS: 'b:1', SMA_FAST: '30', SMA_SLOW: '30' }),
    ).toThrow(/SMA_SLOW: must be greater than SMA_FAST/);
  });

  it('names every bad variable at once', () => {
    try {
      loadEnricherConfig({ KAFKA_BROKERS: 'b:1', DELIVERY: 'twice', TRANSACTION_MAX_MS: '0' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
        'DELIVERY',
        'TRANSACTION_MAX_MS',
      ]);
    }
  });
});
