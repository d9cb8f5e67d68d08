import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

export { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';

/** A registry per service (no global singleton) with Node process metrics included. */
export function createMetricsRegistry(service: string, collectDefaults = true): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (collectDefaults) collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Metric constructors bound to one registry, so that a service's metrics file states each
 * metric's name, help and labels, and where they register is said once.
 */
export function metricsOn(registry: Registry) {
  const registers = [registry];
  return {
    counter: <T extends string>(c: CounterConfiguration<T>) => new Counter<T>({ ...c, registers }),
    gauge: <T extends string>(c: GaugeConfiguration<T>) => new Gauge<T>({ ...c, registers }),
    histogram: <T extends string>(c: HistogramConfiguration<T>) =>
      new Histogram<T>({ ...c, registers }),
  };
}
