/**
 * The apps' embedded metric format (EMF) contract: namespace, dimension and metric names the
 * apps write and infra's alarms read. Each metric is the per-interval increase of the
 * Prometheus counter named (a selector: `name` or `name{label="v",other!="w"}`, summed over
 * the matching series), so `/metrics` stays the one place the figure is counted. Pure data:
 * `@marketfeed/service/emf` is what infra imports, with no fastify or prom-client behind it.
 */
export const APP_METRICS_NAMESPACE = 'marketfeed';
export const APP_METRICS_DIMENSION = 'Service';

export interface AppMetric {
  /** The CloudWatch metric name. */
  readonly metricName: string;
  /** Service name (`runService`'s `name`, the dimension value) to the counter it counts. */
  readonly from: Readonly<Record<string, string>>;
}

export const APP_METRICS = {
  dlqRecords: {
    metricName: 'DlqRecords',
    from: {
      ingestor: 'ingestor_rejected_total',
      enricher: 'enricher_dlq_total',
      'opensearch-sink': 'sink_dlq_records_total',
    },
  },
  transactionFailures: {
    metricName: 'TransactionFailures',
    from: { enricher: 'enricher_transactions_total{outcome="failed"}' },
  },
  silentSocketGaps: {
    metricName: 'SilentSocketGaps',
    // A buffer_full gap is Kafka's, not the socket's: the lag and MSK alarms cover it.
    from: { ingestor: 'ingestor_gaps_total{cause!="buffer_full"}' },
  },
  bulkFailures: {
    metricName: 'BulkFailures',
    from: { 'opensearch-sink': 'sink_bulk_requests_total{outcome!="ok"}' },
  },
} as const satisfies Record<string, AppMetric>;

export type AppMetrics = Readonly<Record<string, AppMetric>>;
