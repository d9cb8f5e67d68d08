import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';
import type { Readiness } from './readiness.js';

export interface OpsServerDeps {
  logger: Logger;
  readiness: Readiness;
  registry: Registry;
}

/**
 * The operations endpoints every service exposes:
 * - GET /healthz: liveness only (the process answers). ECS restarts the task when it fails,
 *   so it must not depend on Kafka or OpenSearch being up.
 * - GET /readyz: 200 when every registered check passes, else 503 with per-check JSON.
 * - GET /metrics: Prometheus text format.
 */
export function createOpsServer(deps: OpsServerDeps): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Probes hit these endpoints every few seconds; a log line each would drown the app's own.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const report = await deps.readiness.evaluate();
    return reply.code(report.ready ? 200 : 503).send(report);
  });
  app.get('/metrics', async (_req, reply) => {
    const body = await deps.registry.metrics();
    return reply.header('content-type', deps.registry.contentType).send(body);
  });
  return app;
}
