import { createLogger } from '@marketfeed/service';
import { describe, expect, it } from 'vitest';
import { BulkIndexer, type IndexJob, type Settled } from './bulk-indexer.js';
import type { BulkItemResult } from './bulk-outcome.js';
import type { BulkSettings } from './config.js';
import type { BulkResult } from './opensearch-gateway.js';

const settings: BulkSettings = {
  maxBytes: 1_000,
  maxDocs: 3,
  maxMs: 5,
  concurrency: 1,
  maxBufferedDocs: 10,
  retryInitialMs: 1,
  retryMaxMs: 2,
};

function job(n: number, bytes = 10): IndexJob<number> {
  return { op: { index: 'i', id: String(n), ndjson: `${n}\n`, bytes }, symbol: 'S', context: n };
}

const ok = (n: number): BulkItemResult[] => Array.from({ length: n }, () => ({ status: 201 }));

function harness(
  send: (jobs: readonly IndexJob<number>[]) => BulkResult,
  overrides: Partial<BulkSettings> = {},
  clock: { now: number } = { now: 0 },
) {
  const sent: number[][] = [];
  const settled: Settled<number>[] = [];
  const availability: boolean[] = [];
  const indexer = new BulkIndexer<number>({
    settings: { ...settings, ...overrides },
    send: async (jobs) => {
      sent.push(jobs.map((j) => j.context));
      return send(jobs);
    },
    onSettled: async (s) => {
      settled.push(...s);
    },
    observer: {
      bulkSent: () => undefined,
      retried: () => undefined,
      availability: (up) => availability.push(up),
      limit: () => undefined,
    },
    onFatal: (err) => {
      throw err;
    },
    logger: createLogger({ name: 'test', level: 'silent' }),
    // A clock that stands still: bulks are cut by the bounds under test, never by a slow machine.
    now: () => clock.now,
  });
  return { indexer, sent, settled, availability };
}

describe('BulkIndexer', () => {
  it('sends a partial bulk once its oldest document waited the time bound', async () => {
    const clock = { now: 0 };
    const h = harness((jobs) => ({ ok: true, items: ok(jobs.length) }), {}, clock);
    h.indexer.submit(job(0));
    h.indexer.submit(job(1));
    expect(h.sent).toEqual([]);
    clock.now = settings.maxMs;
    await h.indexer.waitForCapacity(0);
    for (let i = 0; i < 200 && h.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(h.sent).toEqual([[0, 1]]);
  });

  it('cuts bulks at the document bound; flush sends the partial rest', async () => {
    const h = harness((jobs) => ({ ok: true, items: ok(jobs.length) }));
    for (let i = 0; i < 7; i++) h.indexer.submit(job(i));
    await h.indexer.flush();
    expect(h.sent).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(h.settled.map((s) => s.result.kind)).toEqual(Array(7).fill('indexed'));
  });

  it('cuts bulks at the byte bound', async () => {
    const h = harness((jobs) => ({ ok: true, items: ok(jobs.length) }), { maxBytes: 25 });
    for (let i = 0; i < 4; i++) h.indexer.submit(job(i));
    await h.indexer.flush();
    expect(h.sent).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('retries a bulk OpenSearch did not answer, reporting unavailability then recovery', async () => {
    let calls = 0;
    const h = harness((jobs) =>
      ++calls <= 2
        ? { ok: false, failure: { status: null, message: 'ECONNREFUSED' } }
        : { ok: true, items: ok(jobs.length) },
    );
    [0, 1].forEach((i) => h.indexer.submit(job(i)));
    await h.indexer.flush();
    expect(h.sent).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    expect(h.availability).toEqual([false, false, true]);
    expect(h.settled).toHaveLength(2);
  });

  it('re-sends only the items that failed retriably and settles the rest', async () => {
    let calls = 0;
    const h = harness((jobs) => {
      calls++;
      if (calls === 1)
        return {
          ok: true,
          items: [
            { status: 201 },
            { status: 429, error: { type: 'es_rejected_execution_exception' } },
            { status: 409, error: { type: 'version_conflict_engine_exception' } },
          ],
        };
      return { ok: true, items: ok(jobs.length) };
    });
    [0, 1, 2].forEach((i) => h.indexer.submit(job(i)));
    await h.indexer.flush();
    expect(h.sent).toEqual([[0, 1, 2], [1]]);
    expect(Object.fromEntries(h.settled.map((s) => [s.job.context, s.result.kind]))).toEqual({
      0: 'indexed',
      1: 'indexed',
      2: 'duplicate',
    });
  });

  it('reports unavailability while OpenSearch refuses items for lack of permission', async () => {
    let calls = 0;
    const h = harness((jobs) =>
      ++calls === 1
        ? {
            ok: true,
            items: [
              { status: 403, error: { type: 'security_exception', reason: 'no permissions' } },
            ],
          }
        : { ok: true, items: ok(jobs.length) },
    );
    h.indexer.submit(job(0));
    await h.indexer.flush();
    expect(h.availability).toEqual([false, true]);
    expect(h.settled.map((s) => s.result.kind)).toEqual(['indexed']);
  });

  it('settles a mapping error as rejected with the reason', async () => {
    const h = harness(() => ({
      ok: true,
      items: [
        { status: 400, error: { type: 'strict_dynamic_mapping_exception', reason: 'not allowed' } },
      ],
    }));
    h.indexer.submit(job(0));
    await h.indexer.flush();
    expect(h.settled[0]?.result).toEqual({
      kind: 'rejected',
      reason: '400 strict_dynamic_mapping_exception: not allowed',
    });
  });

  it('splits a bulk the server finds too large', async () => {
    const h = harness((jobs) =>
      jobs.length > 1
        ? { ok: false, failure: { status: 413, message: 'too large' } }
        : { ok: true, items: ok(1) },
    );
    [0, 1, 2].forEach((i) => h.indexer.submit(job(i)));
    await h.indexer.flush();
    expect(h.sent).toEqual([[0, 1, 2], [0, 1], [0], [1], [2]]);
    expect(h.settled).toHaveLength(3);
  });

  it('reports no capacity once the buffer bound is reached, and frees it as bulks settle', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const indexer = new BulkIndexer<number>({
      settings: { ...settings, maxBufferedDocs: 4 },
      send: async (jobs) => {
        await gate;
        return { ok: true, items: ok(jobs.length) };
      },
      onSettled: async () => undefined,
      observer: {
        bulkSent: () => undefined,
        retried: () => undefined,
        availability: () => undefined,
        limit: () => undefined,
      },
      onFatal: () => undefined,
      logger: createLogger({ name: 'test', level: 'silent' }),
    });
    for (let i = 0; i < 4; i++) indexer.submit(job(i));
    expect(indexer.hasCapacity).toBe(false);
    expect(await indexer.waitForCapacity(20)).toBe(false);
    release();
    expect(await indexer.waitForCapacity(5_000)).toBe(true);
    await indexer.flush();
    expect(indexer.buffered).toBe(0);
  });

  it('abandons retrying work on stop without settling it', async () => {
    const h = harness(() => ({ ok: false, failure: { status: 503, message: 'unavailable' } }), {
      retryInitialMs: 10_000,
      retryMaxMs: 10_000,
    });
    h.indexer.submit(job(0));
    await h.indexer.waitForCapacity(0);
    const flushing = h.indexer.flush();
    await new Promise((r) => setTimeout(r, 20));
    h.indexer.stop();
    await flushing;
    expect(h.settled).toEqual([]);
  });
});
