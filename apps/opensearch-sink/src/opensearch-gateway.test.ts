import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { indexNames } from './documents.js';
import { retentionPolicy } from './index-design.js';
import { createOpenSearchClient } from './opensearch-client.js';
import { createOpenSearchGateway } from './opensearch-gateway.js';

interface Seen {
  method: string;
  url: string;
  body: string;
}
type Route = (req: Seen) => { status: number; body: unknown };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A loopback stand-in for the ISM plugin's REST API (the local node has no ISM). */
async function gatewayAgainst(route: Route) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', body };
      seen.push(r);
      const out = route(r);
      res.statusCode = out.status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = createOpenSearchClient({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    auth: { kind: 'none' },
    tlsVerify: true,
    caFile: undefined,
    requestTimeoutMs: 5_000,
  });
  closers.push(async () => {
    await client.close();
    server.close();
  });
  return { gateway: createOpenSearchGateway(client), seen };
}

const names = indexNames('mf');
const policy = retentionPolicy(names, 30);

describe('ISM through the gateway', () => {
  it('detects a cluster without the plugin from "no handler found"', async () => {
    const { gateway } = await gatewayAgainst(() => ({
      status: 400,
      body: { error: 'no handler found for uri [/_plugins/_ism/policies] and method [GET]' },
    }));
    expect(await gateway.ismAvailable()).toBe(false);
  });

  it('creates a missing policy', async () => {
    const { gateway, seen } = await gatewayAgainst((r) =>
      r.method === 'GET'
        ? {
            status: 404,
            body: { error: { type: 'status_exception', reason: 'Policy not found' }, status: 404 },
          }
        : { status: 201, body: { _id: 'mf-bars-retention' } },
    );
    expect(await gateway.putIsmPolicy(names.ismPolicy, policy)).toBe('created');
    const put = seen.find((s) => s.method === 'PUT')!;
    expect(put.url).toBe('/_plugins/_ism/policies/mf-bars-retention');
    expect(JSON.parse(put.body)).toEqual(policy);
  });

  it('leaves an identical policy alone and updates a changed one with optimistic concurrency', async () => {
    const stored = (days: number) => ({
      _id: 'mf-bars-retention',
      _seq_no: 7,
      _primary_term: 2,
      policy: {
        ...retentionPolicy(names, days).policy,
        policy_id: 'mf-bars-retention',
        last_updated_time: 1,
        schema_version: 21,
        error_notification: null,
        ism_template: [
          { ...retentionPolicy(names, days).policy.ism_template[0], last_updated_time: 1 },
        ],
        states: retentionPolicy(names, days).policy.states.map((s) => ({
          ...s,
          actions: s.actions.map((a) => ({
            retry: { count: 3, backoff: 'exponential', delay: '1m' },
            ...a,
          })),
        })),
      },
    });
    const same = await gatewayAgainst((r) =>
      r.method === 'GET' ? { status: 200, body: stored(30) } : { status: 200, body: {} },
    );
    expect(await same.gateway.putIsmPolicy(names.ismPolicy, policy)).toBe('unchanged');
    expect(same.seen.filter((s) => s.method === 'PUT')).toEqual([]);

    const changed = await gatewayAgainst((r) =>
      r.method === 'GET' ? { status: 200, body: stored(90) } : { status: 200, body: {} },
    );
    expect(await changed.gateway.putIsmPolicy(names.ismPolicy, policy)).toBe('updated');
    const put = changed.seen.find((s) => s.method === 'PUT')!;
    expect(put.url).toBe('/_plugins/_ism/policies/mf-bars-retention?if_seq_no=7&if_primary_term=2');
  });
});
