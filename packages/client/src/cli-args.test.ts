import { describe, expect, it } from 'vitest';
import { parseConsumeArgs } from './cli-args.js';

describe('marketfeed-consume arguments', () => {
  it('defaults to snapshot then stream', () => {
    expect(parseConsumeArgs([]).start).toEqual({ from: 'snapshot' });
  });

  it('parses --since as a time and --symbols upper-cased', () => {
    const a = parseConsumeArgs(['--since', '2026-11-25T14:30:00Z', '--symbols', 'aapl, msft']);
    expect(a.start).toEqual({ from: 'since', time: new Date('2026-11-25T14:30:00Z') });
    expect(a.symbols).toEqual(['AAPL', 'MSFT']);
  });

  it('rejects conflicting start options, bad times and bad outputs', () => {
    expect(() => parseConsumeArgs(['--from-beginning', '--since', '2026-01-01'])).toThrow(
      /choose one/,
    );
    expect(() => parseConsumeArgs(['--since', 'yesterday'])).toThrow(/not an ISO-8601 time/);
    expect(() => parseConsumeArgs(['--output', 'csv'])).toThrow(/jsonl or table/);
    expect(() => parseConsumeArgs(['--max-records', '0'])).toThrow(/positive integer/);
  });
});
