/**
 * The CloudWatch metrics alarms and scaling policies read, as data. Pure: no cdktf import.
 *
 * MSK (`AWS/Kafka`), OpenSearch (`AWS/ES`) and ECS Container Insights publish their own. The
 * apps' own figures reach CloudWatch as embedded metric format (EMF): one JSON log line per
 * minute on stdout, which the awslogs driver already ships and CloudWatch turns into metrics,
 * with no collector sidecar to size, pin, patch and keep alive next to each task, and no
 * PutMetricData permission. A /metrics scraper (the ADOT collector) would need all of those.
 */

export interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** Statistic over the period. */
  stat: 'Average' | 'Maximum' | 'Minimum' | 'Sum';
}

export const mskBrokerMetric = (
  clusterName: string,
  brokerId: number,
  metricName: string,
  stat: MetricRef['stat'] = 'Maximum',
): MetricRef => ({
  namespace: 'AWS/Kafka',
  metricName,
  dimensions: { 'Cluster Name': clusterName, 'Broker ID': String(brokerId) },
  stat,
});

export const mskClusterMetric = (
  clusterName: string,
  metricName: string,
  stat: MetricRef['stat'],
): MetricRef => ({
  namespace: 'AWS/Kafka',
  metricName,
  dimensions: { 'Cluster Name': clusterName },
  stat,
});

/** MSK publishes consumer lag per group and topic at every monitoring level. */
export const consumerLagMetric = (
  clusterName: string,
  group: string,
  topic: string,
): MetricRef => ({
  namespace: 'AWS/Kafka',
  metricName: 'SumOffsetLag',
  dimensions: { 'Cluster Name': clusterName, 'Consumer Group': group, Topic: topic },
  stat: 'Maximum',
});

export const searchMetric = (
  domainName: string,
  accountId: string,
  metricName: string,
  stat: MetricRef['stat'],
): MetricRef => ({
  namespace: 'AWS/ES',
  metricName,
  dimensions: { DomainName: domainName, ClientId: accountId },
  stat,
});

export const ecsServiceMetric = (
  clusterName: string,
  serviceName: string,
  metricName: 'RunningTaskCount' | 'DesiredTaskCount',
): MetricRef => ({
  namespace: 'ECS/ContainerInsights',
  metricName,
  dimensions: { ClusterName: clusterName, ServiceName: serviceName },
  stat: 'Average',
});

/**
 * The apps' EMF contract: namespace, dimension and metric names the apps write and the
 * alarms read. Each metric is the per-minute increase of the Prometheus counter named, so
 * the /metrics endpoint stays the one place the figure is counted. Writing the EMF line is a
 * small addition to the service runtime (not yet wired: until it is, these alarms see no
 * data and stay OK, `treatMissingData: notBreaching`).
 */
export const APP_METRICS_NAMESPACE = 'marketfeed';
export const APP_METRICS_DIMENSION = 'Service';

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
    from: { ingestor: 'ingestor_gaps_total' },
  },
  bulkFailures: {
    metricName: 'BulkFailures',
    from: { 'opensearch-sink': 'sink_bulk_requests_total{outcome!="ok"}' },
  },
} as const;

export const appMetric = (service: string, metricName: string): MetricRef => ({
  namespace: APP_METRICS_NAMESPACE,
  metricName,
  dimensions: { [APP_METRICS_DIMENSION]: service },
  stat: 'Sum',
});
