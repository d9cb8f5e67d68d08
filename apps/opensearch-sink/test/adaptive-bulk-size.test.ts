import { createLogger } from '@marketfeed/service';
import { describe, expect, it } from 'vitest';
import { BulkIndexer, type IndexJob, type Settled } from '../src/bulk-indexer.js';
import type { BulkLimits } from '../src/bulk-limit.js';
import type { BulkSettings } from '../src/config.js';
import type { BulkResult } from '../src/opensearch-gateway.js';

const settings: BulkSettings = {
  maxBytes: 100_000,
  maxDocs: 8,
  maxMs: 5,
  concurrency: 1,
  maxBufferedDocs: 100,
  retryInitialMs: 1,
  retryMaxMs: 2,
};

function job(n: number): IndexJob<number> {
  return {
    op: { index: 'i', id: String(n), ndjson: `${n}\n`, bytes: 10 },
    symbol: 'S',
    context: n,
  };
}

const timedOut: BulkResult = {
  ok: false,
  failure: { status: null, message: 'TimeoutError: Request timed out', timedOut: true },
};
const ok = (n: number): BulkResult => ({
  ok: true,
  items: Array.from({ length: n }, () => ({ status: 201 })),
});

/** An indexer whose transport answers with `answer`, recording bulks, limits and log lines. */
function harness(
  answer: (
    jobs: readonly IndexJob<number>[],
    signal: AbortSignal,
  ) => BulkResult | Promise<BulkResult>,
) {
  const sent: number[][] = [];
  const settled: Settled<number>[] = [];
  const limits: BulkLimits[] = [];
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger({
    name: 'test',
    level: 'debug',
    destination: {
      write: (line: string) => {
        lines.push(JSON.parse(line) as { level: string; msg: string });
      },
    },
  });
  const indexer = new BulkIndexer<number>({
    settings,
    send: async (jobs, signal) => {
      sent.push(jobs.map((j) => j.context));
      return answer(jobs, signal);
    },
    onSettled: async (s) => {
      settled.push(...s);
    },
    observer: {
      bulkSent: () => undefined,
      retried: () => undefined,
      availability: () => undefined,
      limit: (l) => limits.push(l),
    },
    onFatal: (err) => {
      throw err;
    },
    logger,
    adaptive: { floor: { docs: 2, bytes: 20 }, growAfter: 2, growthFactor: 1.5 },
    // A clock that stands still: bulks are cut by the bounds and flush, never by a slow machine.
    now: () => 0,
  });
  return { indexer, sent, settled, limits, lines };
}

describe('bulk size under a starved cluster', () => {
  it('re-sends a timed-out bulk split to half the size, and warns once with the cause', async () => {
    // OpenSearch times out on anything over 4 documents.
    const h = harness((jobs) => (jobs.length > 4 ? timedOut : ok(jobs.length)));
    for (let i = 0; i < 8; i++) h.indexer.submit(job(i));
    await h.indexer.flush();

    expect(h.sent).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(h.settled.map((s) => s.job.context).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const warnings = h.lines.filter((l) => l.level === 'warn' && /bulks limited/.test(l.msg));
    expect(warnings.map((l) => l.msg)).toEqual([
      'OpenSearch is overloaded (timeout); bulks limited to 4 documents / 50000 bytes',
    ]);
    expect(h.lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
  });

  it('keeps halving down to the floor while every bulk times out, then grows back', async () => {
    let starved = true;
    const h = harness((jobs) => (starved ? timedOut : ok(jobs.length)));
    for (let i = 0; i < 8; i++) h.indexer.submit(job(i));
    const flushing = h.indexer.flush();
    await until(() => h.indexer.limits.docs === 2);
    const reachedFloor = h.sent.length;
    await until(() => h.sent.length >= reachedFloor + 3);
    starved = false;
    await flushing;
    for (let i = 0; i < 20; i++) h.indexer.submit(job(100 + i));
    await h.indexer.flush();

    // At the floor the retries stayed at 2 documents; clean bulks then grew the limit back.
    expect(h.sent.slice(reachedFloor, reachedFloor + 3)).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    expect(h.limits.map((l) => l.docs)).toEqual([8, 4, 2, 3, 5, 7, 8]);
    expect(h.lines.filter((l) => /the cluster is undersized/.test(l.msg))).toHaveLength(1);
    expect(
      h.lines.some((l) => l.level === 'info' && l.msg === 'bulk limit back at its maximum'),
    ).toBe(true);
    expect(h.settled).toHaveLength(28);
  });

  it('halves on a whole request refused with 429 and on items mostly refused with 429', async () => {
    let calls = 0;
    const h = harness((jobs) => {
      calls++;
      if (calls === 1) return { ok: false, failure: { status: 429, message: 'too many requests' } };
      if (calls === 2)
        return {
          ok: true,
          items: jobs.map((_, i) => ({
            status: i === 0 ? 201 : 429,
            error: { type: 'es_rejected_execution_exception' },
          })),
        };
      return ok(jobs.length);
    });
    for (let i = 0; i < 8; i++) h.indexer.submit(job(i));
    await h.indexer.flush();
    expect(h.sent.slice(0, 2)).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3],
    ]);
    expect(h.limits.map((l) => l.docs).slice(0, 3)).toEqual([8, 4, 2]);
    expect(h.settled).toHaveLength(8);
  });

  it('aborts the bulk in flight on stop and settles none of it, logging nothing', async () => {
    let aborted = false;
    // A transport that answers only by being aborted, as a request held by a starved node.
    const h = harness(
      (_jobs, signal) =>
        new Promise<BulkResult>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ ok: false, failure: { status: null, message: 'aborted' } });
          });
        }),
    );
    for (let i = 0; i < 8; i++) h.indexer.submit(job(i));
    const flushing = h.indexer.flush();
    await until(() => h.sent.length > 0);
    h.indexer.stop();
    await flushing;
    expect(aborted).toBe(true);
    expect(h.settled).toEqual([]);
    expect(h.indexer.buffered).toBe(8);
    expect(h.lines.filter((l) => ['warn', 'error', 'fatal'].includes(l.level))).toEqual([]);
  });
});

/** Yields to the indexer's timers until `done()` (bounded, so a regression fails, not hangs). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
}
