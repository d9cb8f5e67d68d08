import { ConfigError } from '@marketfeed/service';
import { describe, expect, it } from 'vitest';
import { loadSinkConfig } from './config.js';

const minimal = { KAFKA_BROKERS: '127.0.0.1:9092', OPENSEARCH_URL: 'http://127.0.0.1:9200' };

function problems(env: Record<string, string>): string[] {
  try {
    loadSinkConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => p.variable).sort();
  }
  return [];
}

describe('loadSinkConfig', () => {
  it('uses production defaults: the granted group, 5 MB / 2000 docs / 200 ms bulks, TLS verified', () => {
    const c = loadSinkConfig(minimal);
    expect(c.groupId).toBe('marketfeed-opensearch-sink');
    expect(c.bulk).toMatchObject({
      maxBytes: 5 * 1024 * 1024,
      maxDocs: 2000,
      maxMs: 200,
      concurrency: 2,
    });
    expect(c.opensearch).toMatchObject({ auth: { kind: 'none' }, tlsVerify: true });
    expect(c.index.prefix).toBe('marketfeed');
  });

  it('reads basic auth and its password from a _FILE form', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'sink-cfg-')), 'pw');
    writeFileSync(file, 's3cret\n');
    const c = loadSinkConfig({
      ...minimal,
      OPENSEARCH_URL: 'https://search.example.com',
      OPENSEARCH_AUTH: 'basic',
      OPENSEARCH_USERNAME: 'sink',
      OPENSEARCH_PASSWORD_FILE: file,
    });
    expect(c.opensearch.auth).toEqual({ kind: 'basic', username: 'sink', password: 's3cret' });
  });

  it('takes the SigV4 region from AWS_REGION when OPENSEARCH_AWS_REGION is unset', () => {
    const c = loadSinkConfig({
      ...minimal,
      OPENSEARCH_URL: 'https://vpc-feed.us-east-1.es.amazonaws.com',
      OPENSEARCH_AUTH: 'sigv4',
      AWS_REGION: 'us-east-1',
    });
    expect(c.opensearch.auth).toEqual({ kind: 'sigv4', region: 'us-east-1', service: 'es' });
  });

  it('names every bad variable at once', () => {
    expect(
      problems({
        KAFKA_BROKERS: 'b:9092',
        OPENSEARCH_URL: 'http://search.example.com',
        OPENSEARCH_AUTH: 'basic',
        OPENSEARCH_INDEX_PREFIX: 'Market Feed',
        SINK_GROUP_ID: 'someone-else',
      }),
    ).toEqual([
      'OPENSEARCH_INDEX_PREFIX',
      'OPENSEARCH_PASSWORD',
      'OPENSEARCH_URL',
      'OPENSEARCH_USERNAME',
      'SINK_GROUP_ID',
    ]);
  });

  it('requires a region for SigV4 and a URL at all', () => {
    expect(problems({ KAFKA_BROKERS: 'b:9092' })).toEqual(['OPENSEARCH_URL']);
    expect(
      problems({ ...minimal, OPENSEARCH_URL: 'https://x.example.com', OPENSEARCH_AUTH: 'sigv4' }),
    ).toEqual(['OPENSEARCH_AWS_REGION']);
  });

  it('accepts a group id with a suffix under the granted prefix', () => {
    expect(
      loadSinkConfig({ ...minimal, SINK_GROUP_ID: 'marketfeed-opensearch-sink-blue' }).groupId,
    ).toBe('marketfeed-opensearch-sink-blue');
  });
});
