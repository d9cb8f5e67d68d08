import { collectDefaultMetrics, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';

/** A registry per service (no global singleton) with Node process metrics included. */
export function createMetricsRegistry(service: string, collectDefaults = true): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (collectDefaults) collectDefaultMetrics({ register: registry });
  return registry;
}
