import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyItem, classifyRequestFailure } from './bulk-outcome.js';

describe('bulk item classification', () => {
  it('counts created, updated and version conflicts as success', () => {
    expect(classifyItem({ status: 201, result: 'created' }).kind).toBe('indexed');
    expect(classifyItem({ status: 200, result: 'updated' }).kind).toBe('indexed');
    expect(
      classifyItem({
        status: 409,
        error: {
          type: 'version_conflict_engine_exception',
          reason: 'current version [3] is higher',
        },
      }).kind,
    ).toBe('duplicate');
  });

  it('retries overload, server errors, missing indices and permission problems', () => {
    for (const status of [429, 500, 503, 404, 401, 403])
      expect(classifyItem({ status, error: { type: 'x' } }).kind).toBe('retry');
    expect(classifyItem(undefined).kind).toBe('retry');
  });

  it('rejects mapping errors with OpenSearch reason and cause', () => {
    const outcome = classifyItem({
      status: 400,
      error: {
        type: 'mapper_parsing_exception',
        reason: 'failed to parse field [close]',
        caused_by: { type: 'number_format_exception', reason: 'For input string: "x"' },
      },
    });
    expect(outcome).toEqual({
      kind: 'reject',
      reason:
        '400 mapper_parsing_exception: failed to parse field [close] (caused by number_format_exception: For input string: "x")',
    });
  });
});

describe('request failure classification', () => {
  it('retries no-response and 5xx/429, splits 413, rejects other 4xx', () => {
    expect(classifyRequestFailure({ status: null, message: 'ECONNREFUSED' })).toBe('retry');
    expect(classifyRequestFailure({ status: 503, message: '' })).toBe('retry');
    expect(classifyRequestFailure({ status: 429, message: '' })).toBe('retry');
    expect(classifyRequestFailure({ status: 413, message: '' })).toBe('split');
    expect(classifyRequestFailure({ status: 400, message: '' })).toBe('reject');
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with at least half the delay fixed', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(20, 100, 10_000, () => 0)).toBe(5_000);
    expect(backoffDelay(20, 100, 10_000, () => 1)).toBe(10_000);
  });
});
