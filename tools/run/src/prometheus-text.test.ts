import { describe, expect, it } from 'vitest';
import { hasMetric, histogramQuantile, parsePrometheusText, sumMetric } from './prometheus-text.js';

const TEXT = `# HELP enricher_records_out_total out
# TYPE enricher_records_out_total counter
enricher_records_out_total{service="enricher",topic="a"} 10
enricher_records_out_total{service="enricher",topic="b"} 5
kafka_consumergroup_lag{partition="0"} 3
kafka_consumergroup_lag{partition="1"} 4
lat_bucket{le="10"} 50
lat_bucket{le="100"} 90
lat_bucket{le="+Inf"} 100
`;

describe('parsePrometheusText', () => {
  const samples = parsePrometheusText(TEXT);

  it('reads names, labels and values and skips comments', () => {
    expect(samples[0]).toEqual({
      name: 'enricher_records_out_total',
      labels: { service: 'enricher', topic: 'a' },
      value: 10,
    });
    expect(samples).toHaveLength(7);
  });

  it('sums a metric across label sets, optionally filtered', () => {
    expect(sumMetric(samples, 'enricher_records_out_total')).toBe(15);
    expect(sumMetric(samples, 'enricher_records_out_total', { topic: 'b' })).toBe(5);
    expect(sumMetric(samples, 'kafka_consumergroup_lag')).toBe(7);
    expect(sumMetric(samples, 'absent_total')).toBe(0);
    expect(hasMetric(samples, 'absent_total')).toBe(false);
  });

  it('estimates histogram quantiles like histogram_quantile', () => {
    expect(histogramQuantile(samples, 'lat', 0.5)).toBe(10);
    expect(histogramQuantile(samples, 'lat', 0.7)).toBeCloseTo(55, 5);
    expect(histogramQuantile(samples, 'lat', 0.99)).toBe(100);
    expect(histogramQuantile(samples, 'none', 0.5)).toBeUndefined();
  });
});

describe('parseSelector', async () => {
  const { parseSelector } = await import('./metric-names.js');
  it('splits a selector into name and label filter', () => {
    expect(parseSelector('sink_documents_total{result="indexed"}')).toEqual({
      name: 'sink_documents_total',
      labels: { result: 'indexed' },
    });
    expect(parseSelector('x_total')).toEqual({ name: 'x_total', labels: undefined });
  });
});
