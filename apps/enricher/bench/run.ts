// npm run bench -w @marketfeed/enricher
// Same broker, same data, same run: (a) pass-through pipe, (b) enricher exactly-once, (c) enricher
// at-least-once. Throughput from a preloaded backlog; p50/p99 end-to-end latency (raw record
// timestamp -> visible to a read_committed reader) at 1k/s, 10k/s and unthrottled; RSS and heap used
// after GC with 10k symbols, each next to the idle figure of the same process.
// BENCH_BASELINE_MAIN=<dist/main.js> adds another build as one more mode; with BENCH_PAIRS=N the
// bench runs only that build and this one, backlog only, N times each (see below).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { MAIN_JS, StackHarness } from '../test/stack-harness.js';
import { generateRawFeed, type RawFeedRecord } from '../test/raw-feed-generator.js';
import { PROBE_FLAGS, probeMemory, type ProbeReport } from './process-memory.js';

const PASS_THROUGH = fileURLToPath(new URL('./pass-through.ts', import.meta.url));
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PRELOAD = Math.round(100_000 * SCALE);
const PHASES = [
  { name: '1k/s', rate: 1_000, count: Math.round(10_000 * SCALE) },
  { name: '10k/s', rate: 10_000, count: Math.round(100_000 * SCALE) },
  { name: 'max', rate: Infinity, count: Math.round(50_000 * SCALE) },
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// BENCH_CPU_PROF=<dir>: each processor runs under `node --cpu-prof` over the backlog only, then
// stops gracefully (so the profile is written); the latency phases and the RSS check are skipped.
const PROFILE_DIR = process.env.BENCH_CPU_PROF;
const slug = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

type Mode = { name: string; env: Record<string, string>; args?: string[] };
const MODES: Mode[] = [
  { name: 'pass-through (exactly-once)', env: {}, args: ['--import', 'tsx', PASS_THROUGH] },
  { name: 'enricher exactly-once', env: { DELIVERY: 'exactly-once' } },
  { name: 'enricher at-least-once', env: { DELIVERY: 'at-least-once' } },
];
// A before/after in one run: another build's dist/main.js (e.g. the code before a refactor, built
// from `git archive <commit> apps/enricher`) measured as one more mode, right after (b).
const BASELINE_MAIN = process.env.BENCH_BASELINE_MAIN;
if (BASELINE_MAIN)
  // BENCH_BASELINE_FIRST=1 runs it before (b) instead, to see how much the order matters.
  MODES.splice(process.env.BENCH_BASELINE_FIRST ? 1 : 2, 0, {
    name: `enricher exactly-once, baseline build (${process.env.BENCH_BASELINE_NAME ?? BASELINE_MAIN})`,
    env: { DELIVERY: 'exactly-once' },
    args: [BASELINE_MAIN],
  });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * CPU seconds (user + system) the child has used: under a loaded host wall-clock throughput swings
 * with the neighbours, CPU per record much less.
 */
function cpuSeconds(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const MB = 1024 * 1024;

async function paced(h: StackHarness, records: RawFeedRecord[], rate: number): Promise<void> {
  if (!Number.isFinite(rate)) {
    await h.produceRaw(records, 1000);
    return;
  }
  const start = Date.now();
  let sent = 0;
  while (sent < records.length) {
    const due = Math.min(records.length, Math.floor(((Date.now() - start) / 1000) * rate));
    if (due > sent) {
      await h.produceRaw(records.slice(sent, due));
      sent = due;
    } else await sleep(5);
  }
}

async function waitCommitted(h: StackHarness, target: bigint, child: ChildProcess): Promise<void> {
  await h.waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`processor exited with ${child.exitCode}`);
      return (await h.committedTotal()) >= target ? true : undefined;
    },
    600_000,
    `${target} records committed`,
  );
}

interface ModeResult {
  mode: string;
  throughput: number;
  /**
   * CPU ms of the processor per 1000 records over the backlog alone (first commit to drained):
   * the per-record cost without start-up, restore or the paced phases' idle transactions.
   */
  backlogCpuMsPer1k: number;
  /** CPU ms of the processor per 1000 input records, over the whole mode (start-up included). */
  cpuMsPer1k: number;
  phases: Array<{ name: string; achieved: number; p50: number; p99: number; n: number }>;
}

/** `backlogOnly`: only the preloaded backlog's throughput and CPU (no latency phases). */
async function runMode(
  mode: Mode,
  feed: RawFeedRecord[],
  backlogOnly = false,
): Promise<ModeResult> {
  const h = new StackHarness(6);
  await h.setUp();
  try {
    const preload = feed.slice(0, PRELOAD);
    await h.produceRaw(preload);
    const args = mode.args ?? [MAIN_JS];
    const profileDir = PROFILE_DIR && `${PROFILE_DIR}/${slug(mode.name)}`;
    const child = h.spawnEnricher(
      { ...mode.env, TRANSACTION_MAX_RECORDS: '5000', TRANSACTION_MAX_MS: '100' },
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...args] : args,
    );
    // Throughput: drain the preloaded backlog, timed from the first commit.
    let first = 0n;
    let cpuAtFirst = 0;
    const t0 = await h.waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`processor exited with ${child.exitCode}`);
        first = await h.committedTotal();
        cpuAtFirst = cpuSeconds(child);
        return first > 0n ? performance.now() : undefined;
      },
      120_000,
      'first commit',
    );
    await waitCommitted(h, BigInt(preload.length), child);
    const throughput = (preload.length - Number(first)) / ((performance.now() - t0) / 1000);
    const backlogCpuMsPer1k =
      ((cpuSeconds(child) - cpuAtFirst) * 1000) / ((preload.length - Number(first)) / 1000);
    if (profileDir) {
      // The profile is written when the process exits on its own, so stop it gracefully here.
      child.kill('SIGTERM');
      await h.exitOf(child);
      return { mode: mode.name, throughput, backlogCpuMsPer1k, cpuMsPer1k: NaN, phases: [] };
    }
    if (backlogOnly) {
      await h.killChild(child);
      return { mode: mode.name, throughput, backlogCpuMsPer1k, cpuMsPer1k: NaN, phases: [] };
    }

    // Latency: a read_committed reader timestamps each output record as it becomes visible.
    const latencies: Array<[number, number]> = [];
    const reader = h.adminKafka.consumer({
      groupId: `${h.groupId}-bench-${randomUUID()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 50,
    });
    await reader.connect();
    await reader.subscribe({ topic: h.topics.enriched.name, fromBeginning: false });
    let assigned = false;
    reader.on(reader.events.GROUP_JOIN, () => {
      assigned = true;
    });
    await reader.run({
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) {
          const src = Number(m.headers?.['x-marketfeed-source-ts']?.toString() ?? NaN);
          if (Number.isFinite(src)) latencies.push([src, now - src]);
        }
      },
    });
    await h.waitFor(async () => (assigned ? true : undefined), 30_000, 'latency reader joined');
    await sleep(1000);

    const phases: ModeResult['phases'] = [];
    let offset = preload.length;
    let committedTarget = BigInt(preload.length);
    for (const phase of PHASES) {
      const records = feed.slice(offset, offset + phase.count);
      offset += phase.count;
      committedTarget += BigInt(records.length);
      const start = Date.now();
      await paced(h, records, phase.rate);
      const producedIn = (Date.now() - start) / 1000;
      await waitCommitted(h, committedTarget, child);
      await sleep(500);
      const lat = latencies
        .filter(([src]) => src >= start)
        .map(([, l]) => l)
        .sort((a, b) => a - b);
      latencies.length = 0;
      phases.push({
        name: phase.name,
        achieved: records.length / producedIn,
        p50: percentile(lat, 50),
        p99: percentile(lat, 99),
        n: lat.length,
      });
    }
    await reader.disconnect();
    const cpuMsPer1k = (cpuSeconds(child) * 1000) / (offset / 1000);
    await h.killChild(child);
    return { mode: mode.name, throughput, backlogCpuMsPer1k, cpuMsPer1k, phases };
  } finally {
    await h.tearDown();
  }
}

interface MemoryFigures {
  symbols: number;
  /** RSS as is (MB), idle and holding the symbols. */
  idle: number;
  loaded: number;
  /** Heap used + ArrayBuffers after a full GC in the enricher process (MB), idle and loaded. */
  heapIdle: number;
  heapLoaded: number;
}

/** RSS and heap after GC, idle and with 10k symbols; bench/memory.ts breaks it down further. */
async function memoryWith10kSymbols(): Promise<MemoryFigures> {
  const h = new StackHarness(6);
  const dir = mkdtempSync(join(tmpdir(), 'enricher-rss-'));
  await h.setUp();
  try {
    const port = await freePort();
    const child = h.spawnEnricher({ PORT: String(port), MEMORY_PROBE_DIR: dir }, [
      ...PROBE_FLAGS,
      MAIN_JS,
    ]);
    await h.waitFor(
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        return r?.ok ? true : undefined;
      },
      120_000,
      'enricher ready',
    );
    await sleep(2000);
    const idle = await probeMemory(h, child, dir, 'idle');
    const feed = generateRawFeed({
      seed: 10,
      symbols: 10_000,
      days: 1,
      minutesPerDay: Math.round(20 * SCALE) || 1,
      duplicateRate: 0,
      updateRate: 0,
    });
    await h.produceRaw(feed.records);
    await waitCommitted(h, BigInt(feed.records.length), child);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const symbols = Number(/^enricher_symbols(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1] ?? NaN);
    const loaded = await probeMemory(h, child, dir, 'loaded');
    await h.killChild(child);
    const heap = (r: ProbeReport) => (r.memoryUsage.heapUsed + r.memoryUsage.arrayBuffers) / MB;
    return {
      symbols,
      idle: idle.rssBefore / MB,
      loaded: loaded.rssBefore / MB,
      heapIdle: heap(idle),
      heapLoaded: heap(loaded),
    };
  } finally {
    await h.tearDown();
    rmSync(dir, { recursive: true, force: true });
  }
}

const feed = generateRawFeed({
  seed: 1,
  symbols: 1000,
  days: 3,
  minutesPerDay: Math.ceil((PRELOAD + PHASES.reduce((s, p) => s + p.count, 0)) / 1000 / 3) + 5,
  duplicateRate: 0.01,
  updateRate: 0.01,
}).records;
// BENCH_PAIRS=N (with BENCH_BASELINE_MAIN): only the two exactly-once builds, backlog only, N
// times each in alternating order. One run of each build is one sample of a figure that swings
// ±9 % between runs of identical code (docs/benchmarks/enricher.md, session 7); pairs give the
// spread to read a difference against. Set BENCH_BASELINE_MAIN to this tree's own
// dist/main.js for an A/A run.
const PAIRS = Number(process.env.BENCH_PAIRS ?? 0);
if (PAIRS > 0) {
  const current = MODES.find((m) => m.name === 'enricher exactly-once');
  const baseline = MODES.find((m) => m.name.includes('baseline build'));
  if (!current || !baseline || !Number.isInteger(PAIRS)) {
    console.error(
      'BENCH_PAIRS needs BENCH_BASELINE_MAIN (a dist/main.js) and a whole number of pairs',
    );
    process.exit(2);
  }
  const loadAtStart = loadavg();
  const rows: Array<{ now: ModeResult; base: ModeResult }> = [];
  for (let i = 0; i < PAIRS; i++) {
    const order = i % 2 ? [baseline, current] : [current, baseline];
    console.error(`pair ${i + 1} of ${PAIRS}: ${order.map((m) => m.name).join(', then ')} ...`);
    const [first, second] = [
      await runMode(order[0]!, feed, true),
      await runMode(order[1]!, feed, true),
    ];
    rows.push(i % 2 ? { now: second, base: first } : { now: first, base: second });
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const speed = rows.map((r) => r.now.throughput / r.base.throughput);
  const cheaper = rows.map((r) => r.base.backlogCpuMsPer1k / r.now.backlogCpuMsPer1k);
  const span = (xs: number[]) =>
    `median ${median(xs).toFixed(2)}x (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}x)`;
  const out = [
    `${PAIRS} pairs, preload ${PRELOAD} records each, 1000 symbols, 6 partitions; load ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} at start, ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} at the end`,
    '',
    '| pair | this msgs/s | baseline msgs/s | this / baseline | backlog CPU ms per 1k: this, baseline |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r, i) =>
        `| ${i + 1}${i % 2 ? ' (baseline first)' : ''} | ${r.now.throughput.toFixed(0)} | ${r.base.throughput.toFixed(0)} | ${speed[i]!.toFixed(2)}x | ${r.now.backlogCpuMsPer1k.toFixed(0)}, ${r.base.backlogCpuMsPer1k.toFixed(0)} |`,
    ),
    '',
    `throughput this/baseline: ${span(speed)}`,
    `CPU per record, baseline/this (> 1: this is cheaper): ${span(cheaper)}`,
  ];
  console.log(out.join('\n'));
  process.exit(0);
}

const results: ModeResult[] = [];
const loadAtStart = loadavg();
for (const mode of MODES) {
  console.error(`running ${mode.name} ...`);
  results.push(await runMode(mode, feed));
}
const mem: MemoryFigures = PROFILE_DIR
  ? { symbols: NaN, idle: NaN, loaded: NaN, heapIdle: NaN, heapLoaded: NaN }
  : await memoryWith10kSymbols();

const base = results[0]!;
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const lines: string[] = [];
lines.push(
  `records: preload ${PRELOAD}, phases ${PHASES.map((p) => `${p.name}:${p.count}`).join(' ')}; 1000 symbols, 6 partitions, TRANSACTION_MAX_RECORDS=5000, TRANSACTION_MAX_MS=100`,
);
lines.push(
  `load average (1/5/15 min): ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} at start, ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')} at the end`,
);
lines.push('');
lines.push(
  '| mode | backlog msgs/s | vs pass-through | backlog CPU ms per 1k records | CPU ms per 1k records, whole mode | 1k/s p50 / p99 ms | 10k/s achieved, p50 / p99 ms | max achieved msgs/s, p50 / p99 ms |',
);
lines.push('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const [a, b, c] = r.phases;
  lines.push(
    `| ${r.mode} | ${fmt(r.throughput)} | ${fmt((100 * r.throughput) / base.throughput)}% | ${fmt(r.backlogCpuMsPer1k)} | ${fmt(r.cpuMsPer1k)} | ${fmt(a?.p50 ?? NaN)} / ${fmt(a?.p99 ?? NaN)} | ${fmt(b?.achieved ?? NaN)}, ${fmt(b?.p50 ?? NaN)} / ${fmt(b?.p99 ?? NaN)} | ${fmt(c?.achieved ?? NaN)}, ${fmt(c?.p50 ?? NaN)} / ${fmt(c?.p99 ?? NaN)} |`,
  );
}
lines.push('');
const per1k = (loaded: number, idle: number) => fmt((loaded - idle) / (mem.symbols / 1000), 1);
lines.push(
  `Memory of the exactly-once enricher, idle (ready, no symbols) → holding ${mem.symbols} symbols: RSS ${fmt(mem.idle, 1)} → ${fmt(mem.loaded, 1)} MB = ${per1k(mem.loaded, mem.idle)} MB per 1k symbols; heap used + ArrayBuffers after a full GC ${fmt(mem.heapIdle, 1)} → ${fmt(mem.heapLoaded, 1)} MB = ${per1k(mem.heapLoaded, mem.heapIdle)} MB per 1k symbols (breakdown: npm run bench:memory)`,
);
console.log(lines.join('\n'));
process.exit(0);
