import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { stackInfo } from '../test/int-test-kit.js';

describe('OpenSearch', () => {
  const { url } = stackInfo().opensearch;
  const index = `t-${randomUUID().slice(0, 8)}-enriched`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  afterAll(() => call('DELETE', `/${index}`));

  it('indexes a document and finds it by search', async () => {
    const created = await call('PUT', `/${index}/_doc/AAPL-1?refresh=wait_for`, {
      symbol: 'AAPL',
      indicator: 'Bullish',
      changePct: 5.2,
    });
    expect(created.status).toBe(201);

    const found = await call('POST', `/${index}/_search`, {
      query: { match: { indicator: 'Bullish' } },
    });
    const hits = (found.body.hits as { hits: Array<{ _id: string; _source: unknown }> }).hits;
    expect(hits.map((hit) => hit._id)).toEqual(['AAPL-1']);
    expect(hits[0]?._source).toEqual({ symbol: 'AAPL', indicator: 'Bullish', changePct: 5.2 });
  });
});
