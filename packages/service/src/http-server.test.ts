import { afterEach, describe, expect, it } from 'vitest';
import { Counter } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { createOpsServer } from './http-server.js';
import { createLogger } from './logger.js';
import { createMetricsRegistry } from './metrics.js';
import { Readiness, StateCheck } from './readiness.js';

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function build() {
  const readiness = new Readiness();
  const registry = createMetricsRegistry('test');
  server = createOpsServer({
    logger: createLogger({ name: 'test', level: 'silent' }),
    readiness,
    registry,
  });
  return { server, readiness, registry };
}

// The first request boots Fastify's plugin tree: seconds on a loaded shared machine.
describe('ops server', { timeout: 30_000 }, () => {
  it('answers /healthz even when not ready', async () => {
    const rt = build();
    rt.readiness.register('kafka', () => false);
    const res = await rt.server.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
  });

  it('reports 503 with per-check JSON until every check passes, then 200', async () => {
    const rt = build();
    const consumer = new StateCheck('not joined');
    rt.readiness.register('consumer', consumer.check);
    rt.readiness.register('source', async () => ({ ok: true, detail: 'connected' }));
    let res = await rt.server.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      ready: false,
      checks: { consumer: { ok: false, detail: 'not joined' }, source: { ok: true } },
    });
    consumer.up();
    res = await rt.server.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
  });

  it('turns not ready as soon as shutdown begins', async () => {
    const rt = build();
    rt.readiness.register('ok', () => true);
    expect((await rt.server.inject({ url: '/readyz' })).statusCode).toBe(200);
    rt.readiness.beginShutdown();
    const res = await rt.server.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ shuttingDown: true });
  });

  it('treats a throwing check as not ready', async () => {
    const rt = build();
    rt.readiness.register('boom', () => {
      throw new Error('kaput');
    });
    const res = await rt.server.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.boom.detail).toContain('kaput');
  });

  it('serves Prometheus metrics including process defaults and app counters', async () => {
    const rt = build();
    new Counter({ name: 'records_in_total', help: 'in', registers: [rt.registry] }).inc(3);
    const res = await rt.server.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('records_in_total{service="test"} 3');
    expect(res.body).toContain('process_resident_memory_bytes');
  });

  it('listens on a real port', async () => {
    const rt = build();
    const address = await rt.server.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/healthz`);
    expect(res.status).toBe(200);
  });
});
