import { fileURLToPath } from 'node:url';
import { freePort, runToExit, type ProcessResult } from '@marketfeed/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAlpaca } from './fake-alpaca.js';
import { ingestorSettings, provisionedPrefixes } from './kafka-test-env.js';

// The built app, as a container runs it, against the fake Alpaca stream and the real Kafka.
const mainJs = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const freshPrefix = provisionedPrefixes();
let fake: FakeAlpaca;

beforeAll(async () => {
  fake = await FakeAlpaca.start({ allowedFeeds: ['iex'] });
});
afterAll(async () => {
  await fake.close();
});

async function runAgainstFake(env: Record<string, string>): Promise<ProcessResult> {
  const s = ingestorSettings(await freshPrefix());
  return runToExit(process.execPath, [mainJs], {
    env: {
      PATH: process.env.PATH,
      PORT: String(await freePort()),
      KAFKA_BROKERS: s.brokers.join(','),
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: s.caFile!,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_USERNAME: s.sasl!.username,
      KAFKA_PASSWORD: s.sasl!.password,
      FEED_TOPIC_PREFIX: s.topicPrefix,
      INGEST_SOURCE: 'alpaca',
      SYMBOLS: 'AAPL',
      ALPACA_KEY_ID: 'test-key',
      ALPACA_SECRET_KEY: 'test-secret',
      ALPACA_DATA_URL: fake.dataUrl,
      ALPACA_STREAM_URL: fake.streamUrl('iex'),
      ALPACA_BACKFILL: 'false',
      ALPACA_CORPORATE_ACTIONS: 'false',
      ...env,
    },
  });
}

describe('the ingestor process refused by Alpaca', { timeout: 120_000 }, () => {
  it('exits 78 with one line naming ALPACA_KEY_ID/ALPACA_SECRET_KEY on 402 (wrong keys)', async () => {
    const { code, stderr } = await runAgainstFake({ ALPACA_SECRET_KEY: 'not-the-secret' });
    expect(code, stderr).toBe(78);
    expect(stderr).toBe(
      'ingestor: Alpaca stream error 402 (auth failed): wrong ALPACA_KEY_ID / ALPACA_SECRET_KEY (paper and live keys differ)\n',
    );
  });

  it('exits 78 with one line naming ALPACA_FEED on 409 (a feed the plan lacks)', async () => {
    const { code, stderr } = await runAgainstFake({
      ALPACA_FEED: 'sip',
      ALPACA_STREAM_URL: fake.streamUrl('sip'),
    });
    expect(code, stderr).toBe(78);
    expect(stderr).toBe(
      'ingestor: Alpaca stream error 409 (insufficient subscription): the account does not include this feed; use ALPACA_FEED=iex or upgrade the market-data plan\n',
    );
  });
});
