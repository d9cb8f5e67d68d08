import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { createOpsServer } from './http-server.js';
import type { Logger } from './logger.js';
import { createMetricsRegistry } from './metrics.js';
import { Readiness } from './readiness.js';

export interface ServiceRuntime {
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
  server: FastifyInstance;
  /** Starts the ops HTTP server; resolves to the bound address (port 0 picks a free port). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface ServiceRuntimeOptions {
  name: string;
  logger: Logger;
  port: number;
  host?: string;
  registry?: Registry;
}

/** Logger + metrics registry + readiness + ops server: what every app's composition root needs. */
export function createServiceRuntime(opts: ServiceRuntimeOptions): ServiceRuntime {
  const registry = opts.registry ?? createMetricsRegistry(opts.name);
  const readiness = new Readiness();
  const server = createOpsServer({ logger: opts.logger, readiness, registry });
  return {
    logger: opts.logger,
    registry,
    readiness,
    server,
    listen: () => server.listen({ port: opts.port, host: opts.host ?? '0.0.0.0' }),
    close: () => server.close(),
  };
}
