import { describe, expect, it } from 'vitest';
import { ConfigError } from '@marketfeed/service';
import { loadWebConfig } from '../src/config.js';

const base = { KAFKA_BROKERS: 'localhost:9094', OPENSEARCH_URL: 'http://127.0.0.1:9200' };

describe('the web app configuration', () => {
  it('binds to loopback and uses the <prefix>-web group by default', () => {
    const c = loadWebConfig(base);
    expect(c.http).toEqual({ host: '127.0.0.1', port: 8090 });
    expect(c.groupId).toBe('marketfeed-web');
  });

  it('names WEB_GROUP_ID when it lies outside the group prefix the ACLs grant', () => {
    expect(() => loadWebConfig({ ...base, WEB_GROUP_ID: 'other' })).toThrow(
      /WEB_GROUP_ID: must start with "marketfeed-web"/,
    );
  });

  it('names OPENSEARCH_URL when it is missing', () => {
    const env = { KAFKA_BROKERS: 'localhost:9094' };
    expect(() => loadWebConfig(env)).toThrow(ConfigError);
    expect(() => loadWebConfig(env)).toThrow(/OPENSEARCH_URL: is required/);
  });

  it('refuses a web port equal to the ops port', () => {
    expect(() => loadWebConfig({ ...base, PORT: '9000', WEB_PORT: '9000' })).toThrow(/WEB_PORT/);
  });
});
