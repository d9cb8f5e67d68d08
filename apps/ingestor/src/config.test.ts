import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@marketfeed/service';
import { loadIngestorConfig } from './config.js';

const kafka = { KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadIngestorConfig', () => {
  it('defaults to the simulator with production publisher settings', () => {
    const c = loadIngestorConfig(kafka);
    expect(c.source).toEqual({
      kind: 'simulator',
      simulator: {
        symbols: 50,
        seed: 1,
        pace: { kind: 'speed', factor: 60 },
        startDate: '2024-01-02',
        days: 0,
        maxMessages: 0,
        extendedHours: true,
      },
    });
    expect(c.publisher).toMatchObject({ compression: 'none', createTopics: false });
    expect(c.kafka.topicPrefix).toBe('marketfeed');
  });

  it('names every missing alpaca variable at once', () => {
    let error: unknown;
    try {
      loadIngestorConfig({ ...kafka, INGEST_SOURCE: 'alpaca', ALPACA_CHANNELS: 'bars,news' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'ALPACA_CHANNELS',
      'ALPACA_KEY_ID',
      'ALPACA_SECRET_KEY',
      'SYMBOLS',
    ]);
  });

  it('reads the alpaca source', () => {
    const c = loadIngestorConfig({
      ...kafka,
      INGEST_SOURCE: 'alpaca',
      ALPACA_KEY_ID: 'k',
      ALPACA_SECRET_KEY: 's',
      SYMBOLS: 'AAPL,MSFT',
      ALPACA_FEED: 'sip',
    });
    expect(c.source.kind === 'alpaca' && c.source.alpaca).toMatchObject({
      symbols: ['AAPL', 'MSFT'],
      feed: 'sip',
      channels: ['bars', 'updatedBars', 'dailyBars', 'statuses'],
      backfill: true,
      corporateActions: true,
      corporateActionsLookaheadDays: 7,
    });
  });

  it('reads the corporate-actions switch and lookahead', () => {
    const c = loadIngestorConfig({
      ...kafka,
      INGEST_SOURCE: 'alpaca',
      ALPACA_KEY_ID: 'k',
      ALPACA_SECRET_KEY: 's',
      SYMBOLS: '*',
      ALPACA_CORPORATE_ACTIONS: 'false',
      ALPACA_CORPORATE_ACTIONS_LOOKAHEAD_DAYS: '14',
    });
    expect(c.source.kind === 'alpaca' && c.source.alpaca).toMatchObject({
      corporateActions: false,
      corporateActionsLookaheadDays: 14,
    });
    expect(() =>
      loadIngestorConfig({ ...kafka, ALPACA_CORPORATE_ACTIONS_LOOKAHEAD_DAYS: '-1' }),
    ).toThrow(ConfigError);
  });

  it('requires REPLAY_FILE for replay and rejects a message rate as REPLAY_SPEED', () => {
    const load = () =>
      loadIngestorConfig({ ...kafka, INGEST_SOURCE: 'replay', REPLAY_SPEED: '10/s' });
    expect(load).toThrow(/REPLAY_FILE: is required/);
    expect(load).toThrow(/REPLAY_SPEED: expected max/);
  });

  it('reads a simulator symbol list and pace', () => {
    const c = loadIngestorConfig({
      ...kafka,
      SIMULATOR_SYMBOLS: 'AAA,BBB',
      SIMULATOR_RATE: 'max',
      SIMULATOR_MAX_MESSAGES: '10',
    });
    expect(c.source.kind === 'simulator' && c.source.simulator).toMatchObject({
      symbols: ['AAA', 'BBB'],
      pace: { kind: 'max' },
      maxMessages: 10,
    });
  });

  it('names REPLAY_FILE at config load when the file cannot be read', () => {
    const load = () =>
      loadIngestorConfig({ ...kafka, INGEST_SOURCE: 'replay', REPLAY_FILE: '/nope/bars.jsonl' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/REPLAY_FILE: cannot read \/nope\/bars\.jsonl/);
  });

  it('accepts a readable REPLAY_FILE', () => {
    const file = fileURLToPath(import.meta.url);
    const config = loadIngestorConfig({ ...kafka, INGEST_SOURCE: 'replay', REPLAY_FILE: file });
    expect(config.source).toMatchObject({ kind: 'replay', replay: { file } });
  });
});
