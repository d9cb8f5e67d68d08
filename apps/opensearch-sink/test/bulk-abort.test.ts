import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenSearchClient } from '../src/opensearch-client.js';
import { createOpenSearchGateway } from '../src/opensearch-gateway.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A loopback server that reads each request and never answers: a node holding a bulk. */
async function silentNode() {
  const received: IncomingMessage[] = [];
  // An object, not the bare promise: resolving with a promise would wait for it to settle.
  let arrived: (request: { closed: Promise<void> }) => void = () => undefined;
  const first = new Promise<{ closed: Promise<void> }>((r) => (arrived = r));
  const server = createServer((req) => {
    received.push(req);
    arrived({ closed: new Promise((r) => req.socket.once('close', () => r())) });
    req.resume();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    /** Resolves when the first request arrived, with its connection's close. */
    first,
  };
}

/** A client of `url` that would wait far longer than any test for an answer. */
function clientOf(url: string): ReturnType<typeof createOpenSearchClient> {
  return createOpenSearchClient({
    url,
    auth: { kind: 'none' },
    tlsVerify: true,
    caFile: undefined,
    requestTimeoutMs: 600_000,
  });
}

describe('aborting a bulk request', () => {
  it('returns an unanswered failure, closes the connection, and leaves nothing for close() to wait on', async () => {
    const node = await silentNode();
    const client = clientOf(node.url);
    const gateway = createOpenSearchGateway(client);
    const stop = new AbortController();
    const result = gateway.bulk('{"index":{"_index":"i","_id":"1"}}\n{}\n', stop.signal);
    const { closed } = await node.first;

    stop.abort();
    expect(await result).toEqual({
      ok: false,
      failure: { status: null, message: 'RequestAbortedError: Request aborted' },
    });
    await closed;
    // close() polls each second while a request is open; with none open it returns at once.
    await client.close();
  });

  it('does not send a bulk whose signal is already aborted', async () => {
    const node = await silentNode();
    const client = clientOf(node.url);
    closers.push(() => client.close());
    const stop = new AbortController();
    stop.abort();
    const result = await createOpenSearchGateway(client).bulk('{}\n{}\n', stop.signal);
    expect(result.ok).toBe(false);
    expect(node.received).toHaveLength(0);
  });
});
