import {
  APP_METRICS,
  APP_METRICS_DIMENSION,
  APP_METRICS_NAMESPACE,
  type AppMetrics,
} from './contract.js';

export interface LabelMatcher {
  label: string;
  op: '=' | '!=';
  value: string;
}

/** A counter and the label matchers that pick the series to sum. */
export interface CounterSelector {
  name: string;
  matchers: LabelMatcher[];
}

const SELECTOR = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$/;
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(!=|=)\s*"([^"]*)"\s*$/;

/** Parses `name` or `name{a="x",b!="y"}`; anything else is a bug in the contract and throws. */
export function parseCounterSelector(text: string): CounterSelector {
  const m = SELECTOR.exec(text.trim());
  if (!m) throw new Error(`not a counter selector: ${text}`);
  const body = m[2]?.trim() ?? '';
  const matchers = body
    ? body.split(',').map((part) => {
        const mm = MATCHER.exec(part);
        if (!mm) throw new Error(`unsupported label matcher "${part}" in ${text} (use = or !=)`);
        return { label: mm[1]!, op: mm[2] as LabelMatcher['op'], value: mm[3]! };
      })
    : [];
  return { name: m[1]!, matchers };
}

/** One series of a counter, as prom-client's `metric.get()` reports it. */
export interface CounterSample {
  value: number;
  labels: Readonly<Record<string, string | number | undefined>>;
}

/** Sum over the series the matchers select; a label a series lacks counts as "" (Prometheus). */
export function selectedTotal(
  selector: CounterSelector,
  samples: readonly CounterSample[],
): number {
  let total = 0;
  for (const s of samples) {
    const ok = selector.matchers.every((m) => {
      const v = String(s.labels[m.label] ?? '');
      return m.op === '=' ? v === m.value : v !== m.value;
    });
    if (ok) total += s.value;
  }
  return total;
}

/** The EMF metrics one service writes: each CloudWatch name with the counter it reads. */
export function serviceMetrics(
  service: string,
  contract: AppMetrics = APP_METRICS,
): { metricName: string; selector: CounterSelector }[] {
  return Object.values(contract).flatMap((m) => {
    const from = m.from[service];
    return from === undefined
      ? []
      : [{ metricName: m.metricName, selector: parseCounterSelector(from) }];
  });
}

/** Counter totals by CloudWatch metric name. */
export type Totals = Readonly<Record<string, number>>;

/**
 * Increase per metric from `previous` to `current`. A total that went down was reset (a
 * restarted counter), so its increase is the new total, as Prometheus' `increase()` reads it.
 */
export function intervalIncrease(previous: Totals, current: Totals): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, now] of Object.entries(current)) {
    const before = previous[name] ?? 0;
    out[name] = now >= before ? now - before : now;
  }
  return out;
}

/**
 * One EMF log line (AWS "Embedded Metric Format Specification"): the metric values as root
 * members, declared in `_aws.CloudWatchMetrics` with the service as the one dimension.
 */
export function emfLine(input: {
  service: string;
  timestampMs: number;
  values: Readonly<Record<string, number>>;
  namespace?: string;
  dimension?: string;
}): string {
  const namespace = input.namespace ?? APP_METRICS_NAMESPACE;
  const dimension = input.dimension ?? APP_METRICS_DIMENSION;
  return JSON.stringify({
    _aws: {
      Timestamp: input.timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [[dimension]],
          Metrics: Object.keys(input.values).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    [dimension]: input.service,
    ...input.values,
  });
}
