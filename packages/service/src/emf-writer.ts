import type { Registry } from 'prom-client';
import { APP_METRICS, type AppMetrics } from './emf/contract.js';
import {
  emfLine,
  intervalIncrease,
  selectedTotal,
  serviceMetrics,
  type CounterSample,
  type Totals,
} from './emf/line.js';

export interface EmfWriterOptions {
  registry: Registry;
  /** The dimension value: `runService`'s name, which the contract's `from` keys match. */
  service: string;
  /** Receives one JSON line (no newline) per interval. */
  write(line: string): void;
  intervalMs?: number;
  contract?: AppMetrics;
  now?: () => number;
}

export interface EmfWriter {
  /** Writes a line every interval from now on. */
  start(): void;
  /** Writes the line for the interval so far (also what the timer calls). */
  flush(): Promise<void>;
  /** Stops the timer and writes a last line, so a graceful stop loses no counts. */
  stop(): Promise<void>;
}

/**
 * Writes the service's EMF metrics (see `emf/contract.ts`) from its Prometheus registry: each
 * line carries the increase of every named counter since the previous line, zeros included,
 * so CloudWatch tells "nothing happened" from "no data". A service the contract does not name
 * writes nothing.
 */
export function createEmfWriter(opts: EmfWriterOptions): EmfWriter {
  const metrics = serviceMetrics(opts.service, opts.contract ?? APP_METRICS);
  const now = opts.now ?? Date.now;
  let previous: Totals = Object.fromEntries(metrics.map((m) => [m.metricName, 0]));
  let timer: NodeJS.Timeout | undefined;
  // Serialised, so a timer tick and the last flush never read the same baseline twice.
  let pending: Promise<void> = Promise.resolve();

  const totals = async (): Promise<Totals> => {
    const out: Record<string, number> = {};
    for (const { metricName, selector } of metrics) {
      // A counter the app registers later (or never, on this code path) has counted nothing.
      const metric = opts.registry.getSingleMetric(selector.name);
      const samples = metric ? ((await metric.get()).values as CounterSample[]) : [];
      out[metricName] = (out[metricName] ?? 0) + selectedTotal(selector, samples);
    }
    return out;
  };

  const flushOnce = async (): Promise<void> => {
    const current = await totals();
    const values = intervalIncrease(previous, current);
    previous = current;
    opts.write(emfLine({ service: opts.service, timestampMs: now(), values }));
  };

  const flush = (): Promise<void> => {
    if (metrics.length === 0) return Promise.resolve();
    pending = pending.catch(() => {}).then(flushOnce);
    return pending;
  };

  return {
    start() {
      if (metrics.length === 0 || timer) return;
      timer = setInterval(() => void flush().catch(() => {}), opts.intervalMs ?? 60_000);
      timer.unref();
    },
    flush,
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await flush();
    },
  };
}
