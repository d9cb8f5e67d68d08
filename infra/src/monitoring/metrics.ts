/**
 * The CloudWatch metrics alarms and scaling policies read, as data. Pure: no cdktf import.
 *
 * MSK (`AWS/Kafka`), OpenSearch (`AWS/ES`) and ECS Container Insights publish their own. The
 * apps' own figures reach CloudWatch as embedded metric format (EMF): one JSON log line per
 * minute on stdout, which the awslogs driver already ships and CloudWatch turns into metrics,
 * with no collector sidecar to size, pin, patch and keep alive next to each task, and no
 * PutMetricData permission. A /metrics scraper (the ADOT collector) would need all of those.
 */

import { APP_METRICS_DIMENSION, APP_METRICS_NAMESPACE } from '@marketfeed/service/emf';

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
 * The apps' EMF contract (namespace, dimension, and each metric with the Prometheus counter it
 * counts) has one home, shared with the service runtime that writes the lines.
 */
export { APP_METRICS, APP_METRICS_DIMENSION, APP_METRICS_NAMESPACE } from '@marketfeed/service/emf';

export const appMetric = (service: string, metricName: string): MetricRef => ({
  namespace: APP_METRICS_NAMESPACE,
  metricName,
  dimensions: { [APP_METRICS_DIMENSION]: service },
  stat: 'Sum',
});
