import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '@marketfeed/schema';
import { recordsForLine } from './replay-line.js';

const bar = {
  T: 'b',
  S: 'AAPL',
  o: 1,
  h: 2,
  l: 0.5,
  c: 1.5,
  v: 100,
  t: '2024-01-02T14:30:00Z',
  n: 3,
  vw: 1.2,
};

describe('recordsForLine', () => {
  it('publishes a valid message byte for byte, keyed by symbol', () => {
    const line = JSON.stringify(bar);
    const { records, dataMs } = recordsForLine(`  ${line} `, 'replay:f:1', 0);
    expect(records).toEqual([
      { role: 'raw', key: 'AAPL', value: line, type: 'b', receivedAtMs: 0 },
    ]);
    expect(dataMs).toBe(Date.parse(bar.t));
  });

  it('splits an array line into its messages, in order', () => {
    const { records } = recordsForLine(
      JSON.stringify([bar, { ...bar, S: 'MSFT', T: 'u' }]),
      'o',
      0,
    );
    expect(records.map((r) => [r.key, r.type])).toEqual([
      ['AAPL', 'b'],
      ['MSFT', 'u'],
    ]);
  });

  it('dead-letters an invalid event with its reasons, keyed by its symbol', () => {
    const { records } = recordsForLine(JSON.stringify({ ...bar, h: 0.1 }), 'replay:f:9', 0);
    const [r] = records;
    expect(r?.role).toBe('dlq');
    expect(r?.key).toBe('AAPL');
    expect(r?.headers?.[DLQ_HEADERS.reason]).toContain('high 0.1 is below low 0.5');
    expect(r?.headers?.['x-marketfeed-origin']).toBe('replay:f:9');
    const envelope = JSON.parse(r!.value);
    expect(envelope).toMatchObject({
      stage: 'ingestor',
      reason: 'invalid raw event',
      source: { key: 'AAPL' },
    });
    expect(JSON.parse(envelope.payload)).toEqual({ ...bar, h: 0.1 });
  });

  it('dead-letters a line that is not JSON, without a key', () => {
    const { records } = recordsForLine('{"T":"b",', 'o', 0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ role: 'dlq', key: null, type: 'invalid' });
  });
});
