import { describe, expect, it } from 'vitest';
import { ConfigError } from '@marketfeed/service';
import { loadIngestorConfig } from '../../src/config.js';

const kafka = { KAFKA_BROKERS: '127.0.0.1:9092' };

describe('INGEST_PRODUCERS', () => {
  it('defaults to one producer, the measured path', () => {
    expect(loadIngestorConfig(kafka).publisher.producers).toBe(1);
  });

  it('is refused at boot outside 1-16, naming the variable', () => {
    for (const value of ['0', '17', 'many']) {
      let error: unknown;
      try {
        loadIngestorConfig({ ...kafka, INGEST_PRODUCERS: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['INGEST_PRODUCERS']);
    }
  });
});
