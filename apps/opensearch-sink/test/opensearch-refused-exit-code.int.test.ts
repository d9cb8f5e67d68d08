import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort, runToExit } from '@marketfeed/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built app, as a container runs it. The local OpenSearch runs without the security plugin,
// so it never answers 401: this endpoint answers every request as a security-enabled cluster
// does to a wrong password. Kafka is never reached (the index design is applied first).
const mainJs = fileURLToPath(new URL('../dist/main.js', import.meta.url));
let server: Server;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: { type: 'security_exception', reason: 'Unauthorized' },
        status: 401,
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe('the sink process refused by OpenSearch at start-up', () => {
  it('exits 78 with one line naming OPENSEARCH_USERNAME/OPENSEARCH_PASSWORD, no stack', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { code, stderr } = await runToExit(process.execPath, [mainJs], {
      env: {
        PATH: process.env.PATH,
        PORT: String(await freePort()),
        KAFKA_BROKERS: '127.0.0.1:9',
        OPENSEARCH_URL: url,
        OPENSEARCH_AUTH: 'basic',
        OPENSEARCH_USERNAME: 'sink',
        OPENSEARCH_PASSWORD: 'not-the-password',
      },
    });
    expect(code, stderr).toBe(78);
    expect(stderr).toMatch(
      new RegExp(
        `^opensearch-sink: OpenSearch at ${url} rejected the credentials of OPENSEARCH_USERNAME=sink; check OPENSEARCH_USERNAME/OPENSEARCH_PASSWORD \\(401 on [^)]+\\)\\n$`,
      ),
    );
  }, 60_000);
});
