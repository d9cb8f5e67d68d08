export interface RunTotals {
  ingested: number;
  enriched: number;
  indexed: number;
  dlq: number;
  /** Where dead-lettered records went, named in the summary so a user can look. */
  dlqTopic: string;
  customerReceived: number;
  latencyP50Ms: number | undefined;
  latencyP99Ms: number | undefined;
  crashed: string[];
}

/** Something flowed end to end: the customer saw enriched records and OpenSearch indexed some. */
export function flowedEndToEnd(t: RunTotals): boolean {
  return t.customerReceived > 0 && t.indexed > 0 && t.crashed.length === 0;
}

export function renderSummary(t: RunTotals, durationMs: number): string {
  const ms = (n: number | undefined) => (n === undefined ? 'n/a' : `${Math.round(n)} ms`);
  return [
    `summary after ${(durationMs / 1000).toFixed(1)} s:`,
    `  ingested (raw)            ${t.ingested}`,
    `  enriched                  ${t.enriched}`,
    `  indexed (OpenSearch)      ${t.indexed}`,
    `  dead-lettered             ${t.dlq}${t.dlq > 0 ? `  (records with reasons in ${t.dlqTopic})` : ''}`,
    `  received by customer-demo ${t.customerReceived}`,
    `  latency ingest→customer p50 ${ms(t.latencyP50Ms)}  p99 ${ms(t.latencyP99Ms)}`,
    ...(t.crashed.length > 0 ? [`  crashed: ${t.crashed.join(', ')}`] : []),
    flowedEndToEnd(t) ? 'result: records flowed end to end' : 'result: NOTHING flowed end to end',
  ].join('\n');
}
