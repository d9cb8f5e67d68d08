import { describe, expect, it } from 'vitest';
import {
  APP_METRICS,
  createMetricsRegistry,
  parseCounterSelector,
  type Registry,
} from '@marketfeed/service';
import { APPS, importRepoModule, type AppName } from './repo.js';

/*
 * The EMF contract (@marketfeed/service/emf) names Prometheus counters by string; the apps
 * register them in their metrics modules. A renamed counter or label would leave an alarm
 * without data, silently: this builds each app's real metrics on a registry and checks that
 * every selector of the contract names a counter there, with the labels it matches on.
 */

type Factory = (registry: Registry, ...rest: unknown[]) => unknown;
const factory = async (path: string, name: string): Promise<Factory> =>
  (await importRepoModule(path))[name] as Factory;

async function appRegistry(app: AppName): Promise<Registry> {
  const registry = createMetricsRegistry(app, false);
  switch (app) {
    case 'ingestor':
      (await factory('apps/ingestor/src/metrics.ts', 'createIngestorMetrics'))(registry, {
        size: 0,
        capacity: 1,
      });
      break;
    case 'enricher':
      (await factory('apps/enricher/src/metrics.ts', 'createEnricherMetrics'))(registry);
      // The enricher's exactly-once processor registers `<name>_transactions_total` with the
      // name and keys apps/enricher/src/enricher.ts gives it.
      (await factory('packages/exactly-once/src/metrics.ts', 'createProcessorMetrics'))(
        registry,
        'enricher',
        'symbols',
      );
      break;
    case 'opensearch-sink':
      (await factory('apps/opensearch-sink/src/metrics.ts', 'createSinkMetrics'))(registry);
      break;
  }
  return registry;
}

const registries = Object.fromEntries(
  await Promise.all(APPS.map(async (app) => [app, await appRegistry(app)] as const)),
) as Record<AppName, Registry>;

const cases = Object.values(APP_METRICS).flatMap((m) =>
  Object.entries(m.from).map(([service, selector]) => ({
    name: `${m.metricName} from ${service}: ${selector}`,
    service,
    selector,
  })),
);

/** What is wrong with one selector against one app's registry; [] when it counts something. */
async function problems(registry: Registry, selector: string): Promise<string[]> {
  const { name, matchers } = parseCounterSelector(selector);
  const metric = registry.getSingleMetric(name);
  if (!metric) return [`no metric ${name}`];
  const out: string[] = [];
  if (String((await metric.get()).type) !== 'counter') out.push(`${name} is not a counter`);
  const labelNames = (metric as unknown as { labelNames: string[] }).labelNames;
  for (const m of matchers)
    if (!labelNames.includes(m.label)) out.push(`${name} has no label ${m.label}`);
  return out;
}

describe('the EMF contract names counters the apps register', () => {
  it('names only services that are apps', () => {
    for (const { service } of cases) expect(APPS).toContain(service);
  });

  it.each(cases)('$name', async ({ service, selector }) => {
    expect(await problems(registries[service as AppName], selector)).toEqual([]);
  });

  it('the check fails on a planted wrong name, label or type', async () => {
    const sink = registries['opensearch-sink'];
    expect(await problems(sink, 'sink_bulk_failures_total')).toEqual([
      'no metric sink_bulk_failures_total',
    ]);
    expect(await problems(sink, 'sink_bulk_requests_total{result!="ok"}')).toEqual([
      'sink_bulk_requests_total has no label result',
    ]);
    expect(await problems(sink, 'sink_buffered_documents')).toEqual([
      'sink_buffered_documents is not a counter',
    ]);
  });
});
