import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenSearchSettings } from './config.js';
import { createOpenSearchClient, openSearchClientOptions } from './opensearch-client.js';

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A loopback HTTP server that records request headers and answers like OpenSearch's root. */
async function recordingServer(): Promise<{ url: string; headers: IncomingHttpHeaders[] }> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    headers.push(req.headers);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ version: { number: '2.19.0', distribution: 'opensearch' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headers };
}

const base = (url: string): Omit<OpenSearchSettings, 'auth'> => ({
  url,
  tlsVerify: true,
  caFile: undefined,
  requestTimeoutMs: 5_000,
});

describe('OpenSearch client wiring', () => {
  it('signs every request with SigV4 for the configured region and service', async () => {
    const srv = await recordingServer();
    const client = createOpenSearchClient(
      { ...base(srv.url), auth: { kind: 'sigv4', region: 'eu-west-1', service: 'es' } },
      {
        credentials: async () => ({
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'secret',
          sessionToken: 'token',
          expiration: new Date(Date.now() + 3_600_000),
        }),
      },
    );
    await client.info();
    await client.close();
    const h = srv.headers[0]!;
    expect(h.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=.*host.*x-amz-date.*, Signature=[0-9a-f]{64}$/,
    );
    expect(h['x-amz-security-token']).toBe('token');
    expect(h['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends basic credentials only when configured', async () => {
    const srv = await recordingServer();
    const basic = createOpenSearchClient({
      ...base(srv.url),
      auth: { kind: 'basic', username: 'sink', password: 'pw' },
    });
    await basic.info();
    await basic.close();
    const none = createOpenSearchClient({ ...base(srv.url), auth: { kind: 'none' } });
    await none.info();
    await none.close();
    expect(srv.headers[0]!.authorization).toBe(
      `Basic ${Buffer.from('sink:pw').toString('base64')}`,
    );
    expect(srv.headers[1]!.authorization).toBeUndefined();
  });

  it('verifies TLS unless told otherwise, and leaves retries to the sink', () => {
    const on = openSearchClientOptions({ ...base('https://x'), auth: { kind: 'none' } });
    const off = openSearchClientOptions({
      ...base('https://x'),
      tlsVerify: false,
      auth: { kind: 'none' },
    });
    expect(on.ssl?.rejectUnauthorized).toBe(true);
    expect(off.ssl?.rejectUnauthorized).toBe(false);
    expect(on.maxRetries).toBe(0);
  });
});
