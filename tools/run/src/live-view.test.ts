import { describe, expect, it } from 'vitest';
import { ENRICHED_BAR_SCHEMA, type EnrichedBarV1 } from '@marketfeed/schema';
import { renderView, type ViewModel } from './live-view.js';
import { ratePerSecond } from './rates.js';
import { flowedEndToEnd, renderSummary, type RunTotals } from './summary.js';

function bar(
  symbol: string,
  changePct: number | null,
  indicator: EnrichedBarV1['indicator'],
): EnrichedBarV1 {
  return {
    schema: ENRICHED_BAR_SCHEMA,
    symbol,
    timestamp: '2024-07-11T19:49:00Z',
    open: 1,
    high: 2,
    low: 1,
    close: 105.5,
    volume: 10,
    vwap: 1.5,
    tradeCount: 3,
    revision: 0,
    seq: 7,
    sessionDate: '2024-07-11',
    session: 'regular',
    prevClose: 100,
    prevCloseDate: '2024-07-10',
    change: 5.5,
    changePct,
    indicator,
    smaFast: null,
    smaSlow: null,
    ema12: null,
    ema26: null,
    rsi14: null,
    vwapSession: null,
    signals: ['VOLUME_SPIKE'],
    splitAdjusted: false,
  };
}

const base: ViewModel = {
  elapsedMs: 65_000,
  services: [
    {
      name: 'enricher',
      status: 'ready',
      healthy: true,
      inPerSec: 1500,
      outPerSec: 1499,
      inTotal: 9000,
      outTotal: 8990,
      lag: 2,
      dlq: 1,
    },
  ],
  latest: [bar('AMZN', 5.5, 'Bullish'), bar('MSFT', -0.2, 'Neutral'), bar('TSLA', -6, 'Bearish')],
  customerReceived: 8990,
  customerInvalid: 0,
  latencyP50Ms: 12,
  latencyP99Ms: 80,
  hints: ['look here'],
  color: false,
  maxRows: 2,
};

describe('renderView', () => {
  const text = renderView(base);
  it('shows each service with rates, totals, lag and DLQ', () => {
    expect(text).toMatch(/enricher\s+ready\s+1\.5k\s+1\.5k\s+9000\s+8990\s+2\s+1/);
    expect(text).toContain('running 1m05s');
  });
  it('lists the largest moves first and says how many were left out', () => {
    const rows = text.split('\n').filter((l) => /^(AMZN|MSFT|TSLA)/.test(l));
    expect(rows.map((r) => r.slice(0, 4))).toEqual(['TSLA', 'AMZN']);
    expect(text).toContain('… 1 more symbols');
    expect(rows[0]).toContain('Bearish');
  });
  it('colours Bullish green and Bearish red only when asked', () => {
    expect(text).not.toContain('\u001b[');
    const coloured = renderView({ ...base, color: true });
    expect(coloured).toContain('\u001b[32mBullish');
    expect(coloured).toContain('\u001b[31mBearish');
  });
});

describe('ratePerSecond', () => {
  it('is the counter delta over elapsed seconds, 0 on restart or first sample', () => {
    expect(ratePerSecond({ value: 100, atMs: 0 }, { value: 600, atMs: 2000 })).toBe(250);
    expect(ratePerSecond(undefined, { value: 600, atMs: 2000 })).toBe(0);
    expect(ratePerSecond({ value: 600, atMs: 0 }, { value: 5, atMs: 1000 })).toBe(0);
  });
});

describe('summary', () => {
  const totals: RunTotals = {
    ingested: 100,
    enriched: 98,
    indexed: 98,
    dlq: 2,
    dlqTopic: 'marketfeed.dlq',
    customerReceived: 98,
    latencyP50Ms: 10,
    latencyP99Ms: 50,
    crashed: [],
  };
  it('counts a run as flowing only when the customer and OpenSearch both got records and nothing crashed', () => {
    expect(flowedEndToEnd(totals)).toBe(true);
    expect(flowedEndToEnd({ ...totals, indexed: 0 })).toBe(false);
    expect(flowedEndToEnd({ ...totals, customerReceived: 0 })).toBe(false);
    expect(flowedEndToEnd({ ...totals, crashed: ['enricher'] })).toBe(false);
  });
  it('prints every figure', () => {
    const s = renderSummary(totals, 30_000);
    expect(s).toContain('summary after 30.0 s');
    expect(s).toMatch(/dead-lettered\s+2/);
    expect(s).toContain('marketfeed.dlq');
    expect(s).toContain('p50 10 ms  p99 50 ms');
    expect(s).toContain('records flowed end to end');
  });
  it('names the DLQ topic only when something was dead-lettered', () => {
    expect(renderSummary({ ...totals, dlq: 0 }, 1000)).not.toContain('marketfeed.dlq');
  });
});
