import { describe, expect, it } from 'vitest';
import { APP_METRICS } from './contract.js';
import {
  emfLine,
  intervalIncrease,
  parseCounterSelector,
  selectedTotal,
  serviceMetrics,
} from './line.js';

describe('counter selectors', () => {
  it('parse a bare name and = / != matchers', () => {
    expect(parseCounterSelector('ingestor_gaps_total')).toEqual({
      name: 'ingestor_gaps_total',
      matchers: [],
    });
    expect(parseCounterSelector('x_total{outcome!="ok", kind="a"}')).toEqual({
      name: 'x_total',
      matchers: [
        { label: 'outcome', op: '!=', value: 'ok' },
        { label: 'kind', op: '=', value: 'a' },
      ],
    });
  });

  it('refuse what they cannot evaluate', () => {
    expect(() => parseCounterSelector('x_total{outcome=~"f.*"}')).toThrow(/use = or !=/);
    expect(() => parseCounterSelector('not a name')).toThrow(/not a counter selector/);
  });

  it('sum the series the matchers select, a missing label counting as empty', () => {
    const samples = [
      { value: 5, labels: { outcome: 'ok' } },
      { value: 2, labels: { outcome: 'error' } },
      { value: 1, labels: { outcome: 'unreachable' } },
      { value: 7, labels: {} },
    ];
    expect(selectedTotal(parseCounterSelector('s{outcome!="ok"}'), samples)).toBe(10);
    expect(selectedTotal(parseCounterSelector('s{outcome="error"}'), samples)).toBe(2);
    expect(selectedTotal(parseCounterSelector('s'), samples)).toBe(15);
  });

  it('every selector in the contract parses', () => {
    for (const m of Object.values(APP_METRICS))
      for (const from of Object.values(m.from))
        expect(() => parseCounterSelector(from)).not.toThrow();
  });
});

describe('the metrics of a service', () => {
  it('are the contract entries naming it, and none for a service it does not name', () => {
    expect(serviceMetrics('enricher').map((m) => m.metricName)).toEqual([
      'DlqRecords',
      'TransactionFailures',
    ]);
    expect(serviceMetrics('web')).toEqual([]);
  });
});

describe('interval increase', () => {
  it('is the difference, and the new total after a reset', () => {
    expect(intervalIncrease({ A: 3, B: 10 }, { A: 5, B: 4, C: 2 })).toEqual({ A: 2, B: 4, C: 2 });
  });
});

describe('an EMF line', () => {
  it('declares each value as a Count metric with the Service dimension', () => {
    const line = JSON.parse(
      emfLine({ service: 'ingestor', timestampMs: 1_700_000_000_000, values: { DlqRecords: 4 } }),
    );
    expect(line).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'marketfeed',
            Dimensions: [['Service']],
            Metrics: [{ Name: 'DlqRecords', Unit: 'Count' }],
          },
        ],
      },
      Service: 'ingestor',
      DlqRecords: 4,
    });
  });
});
