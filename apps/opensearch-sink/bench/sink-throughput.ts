/**
 * Benchmark (not a test): docs/s of the sink into the local OpenSearch node with bulk indexing,
 * side by side with a one-document-per-request baseline (the reference implementation's
 * setting: the Flink OpenSearch sink flushing every action), and the time from a record's
 * commit on the enriched topic to its document being searchable (p50/p99).
 *
 *   npm run stack:up && npm run bench -w @marketfeed/opensearch-sink
 *
 * Knobs: BENCH_DOCS (default 100000), BENCH_BASELINE_DOCS (1000), BENCH_LATENCY_SAMPLES (200).
 */
import { applyDesignForBench } from './direct-bulk.js';
import type { BulkSettings } from '../src/config.js';
import { bulkOperation, documentId, indexNames } from '../src/documents.js';
import { barSeries, enrichedBar } from '../test/bars.js';
import { eventually, StackWorld } from '../test/stack-harness.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const BASELINE_DOCS = Number(process.env.BENCH_BASELINE_DOCS ?? 1_000);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 200);

function symbols(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `S${String(i).padStart(3, '0')}`);
}

/** Indexes `docs` pre-produced bars with the given bulk settings; returns docs/s. */
async function throughput(
  label: string,
  docs: number,
  bulk: Partial<BulkSettings>,
): Promise<number> {
  const world = new StackWorld();
  await world.setUp();
  try {
    const perSymbol = Math.ceil(docs / 50);
    const bars = barSeries(symbols(50), perSymbol, '2024-03-01T14:30:00Z').slice(0, docs);
    await world.produce(bars);
    const sut = await world.startSink({ bulk });
    const cpu0 = process.cpuUsage();
    // The clock starts at the first indexed document, so group join time is not counted.
    const t0 = await eventually(
      'first document',
      () => {
        const s = sut.sink.stats();
        return s.indexed > 0 ? { at: performance.now(), indexed: s.indexed } : undefined;
      },
      120_000,
      5,
    );
    const t1 = await eventually(
      'all documents',
      () => (sut.sink.stats().indexed >= bars.length ? performance.now() : undefined),
      900_000,
      5,
    );
    const cpu = process.cpuUsage(cpu0);
    const rate = (bars.length - t0.indexed) / ((t1 - t0.at) / 1000);
    const cpuMsPerKDoc = (cpu.user + cpu.system) / 1000 / (bars.length / 1000);
    const count = await world.count();
    if (count !== bars.length)
      throw new Error(`${label}: expected ${bars.length} documents, found ${count}`);
    console.log(
      `${label.padEnd(44)} ${String(bars.length).padStart(7)} docs  ${rate.toFixed(0).padStart(7)} docs/s  (${((t1 - t0.at) / 1000).toFixed(2)} s, sink CPU ${cpuMsPerKDoc.toFixed(0)} ms/1k docs)`,
    );
    return rate;
  } finally {
    await world.tearDown();
  }
}

/** OpenSearch alone: the same documents, pre-serialised, 2000 per bulk, 4 in flight, no Kafka. */
async function directBulkCeiling(docs: number): Promise<number> {
  const world = new StackWorld();
  try {
    const names = indexNames(world.indexPrefix);
    await applyDesignForBench(world);
    const bars = barSeries(symbols(50), Math.ceil(docs / 50), '2024-03-01T14:30:00Z').slice(
      0,
      docs,
    );
    const bodies: string[] = [];
    for (let i = 0; i < bars.length; i += 2000)
      bodies.push(
        bars
          .slice(i, i + 2000)
          .map((b) => bulkOperation(b, names).ndjson)
          .join(''),
      );
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const res = await world.os.bulk({ body: body as unknown as object[] });
          if (res.body.errors) throw new Error('direct bulk had item errors');
        }
      }),
    );
    const rate = bars.length / ((performance.now() - t0) / 1000);
    console.log(
      `${'ceiling: OpenSearch _bulk alone, no Kafka'.padEnd(44)} ${String(bars.length).padStart(7)} docs  ${rate.toFixed(0).padStart(7)} docs/s`,
    );
    return rate;
  } finally {
    await world.tearDown();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Enriched commit (producer ack) → searchable through the read alias, one record at a time. */
async function commitToSearchable(): Promise<{ p50: number; p99: number; max: number }> {
  const world = new StackWorld();
  await world.setUp();
  try {
    await world.produce([enrichedBar({ symbol: 'WARM', timestamp: '2024-05-01T13:30:00Z' })]);
    await world.startSink();
    await eventually('warm-up document', async () =>
      (await world.count()) === 1 ? true : undefined,
    );
    const acked = new Map<string, number>();
    const latencies: number[] = [];
    let producing = true;
    const poller = (async () => {
      while (producing || acked.size > 0) {
        const ids = [...acked.keys()];
        if (ids.length > 0) {
          const res = await world.os.search({
            index: `${world.indexPrefix}-bars`,
            body: { size: ids.length, _source: false, query: { ids: { values: ids } } },
          });
          const now = performance.now();
          for (const hit of res.body.hits.hits) {
            const at = acked.get(hit._id!);
            if (at !== undefined) {
              latencies.push(now - at);
              acked.delete(hit._id!);
            }
          }
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const t0 = Date.parse('2024-05-02T13:30:00Z');
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const bar = enrichedBar({
        symbol: 'LAT',
        timestamp: new Date(t0 + i * 60_000).toISOString().replace('.000Z', 'Z'),
        seq: i + 1,
      });
      await world.produce([bar]);
      acked.set(documentId(bar), performance.now());
      await new Promise((r) => setTimeout(r, 25));
    }
    producing = false;
    await Promise.race([
      poller,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('latency probes not all searchable')), 60_000),
      ),
    ]);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1]!,
    };
  } finally {
    await world.tearDown();
  }
}

const baseline = await throughput('baseline: 1 doc per request, 1 in flight', BASELINE_DOCS, {
  maxDocs: 1,
  maxMs: 0,
  concurrency: 1,
});
const bulkDefault = await throughput('bulk: 2000 docs/5 MB/200 ms, concurrency 2', DOCS, {
  maxDocs: 2000,
  maxBytes: 5 * 1024 * 1024,
  maxMs: 200,
  concurrency: 2,
});
const bulkWide = await throughput('bulk: 2000 docs/5 MB/200 ms, concurrency 4', DOCS, {
  maxDocs: 2000,
  maxBytes: 5 * 1024 * 1024,
  maxMs: 200,
  concurrency: 4,
});
const ceiling = await directBulkCeiling(DOCS);
const latency = await commitToSearchable();
console.log(
  `sink at concurrency 4 reaches ${((bulkWide / ceiling) * 100).toFixed(0)}% of the OpenSearch-alone ceiling`,
);
console.log(
  `\nspeed-up vs baseline: concurrency 2 ${(bulkDefault / baseline).toFixed(1)}x, concurrency 4 ${(bulkWide / baseline).toFixed(1)}x`,
);
console.log(
  `commit -> searchable (refresh_interval 1s, ${LATENCY_SAMPLES} records): p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms`,
);
