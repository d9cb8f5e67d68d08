// npm run bench:memory -w @marketfeed/enricher
// Memory of the real enricher process (dist/main.js, exactly-once, as the `enricher` user) per 1k
// symbols: idle (ready, no symbols), then holding 1,000 symbols, then 10,000, each with the same
// history per symbol (BENCH_MINUTES minute bars, default 20). At each point the process itself
// (bench/memory-probe.mjs, loaded with --expose-gc) reports RSS as it is, then runs full GCs and
// reports heap used, external and ArrayBuffer memory and RSS after them.
//
//   BENCH_MODES='<settings>;<settings>' one mode per `;`-separated set of node flags and VAR=value
//                                       environment settings (e.g. MALLOC_ARENA_MAX=2); an empty
//                                       set is the runtime as shipped. Each mode runs in its own
//                                       process and topics, in this order. Default: as shipped,
//                                       then the settings docs/benchmarks/enricher-memory.md names.
//   BENCH_HEAP_SNAPSHOTS=<dir>          also writes heap snapshots at 1k and 10k symbols (first
//                                       mode only); read them with bench/heap-diff.ts
//   BENCH_BASELINE_MAIN=<dist/main.js>  one more mode: another build, default flags
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { MAIN_JS, StackHarness } from '../test/stack-harness.js';
import { generateRawFeed, symbolName } from '../test/raw-feed-generator.js';
import { PROBE_FLAGS, probeMemory, type ProbeReport } from './process-memory.js';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 20);
const SYMBOLS = [1_000, 10_000] as const;
const MODES = (
  process.env.BENCH_MODES ??
  ';--max-old-space-size=512 --max-semi-space-size=2;--max-old-space-size=512 --max-semi-space-size=2 MALLOC_MMAP_THRESHOLD_=131072'
)
  .split(';')
  .map((set) => {
    const words = set.trim().split(/\s+/).filter(Boolean);
    const env = Object.fromEntries(
      words
        .filter((w) => /^[A-Z_]+=/.test(w))
        .map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]),
    );
    return {
      name: words.join(' ') || 'as shipped',
      env,
      flags: words.filter((w) => !/^[A-Z_]+=/.test(w)),
    };
  });
const SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOTS;
const BASELINE_MAIN = process.env.BENCH_BASELINE_MAIN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Point {
  symbols: number;
  report: ProbeReport;
}

interface ModeResult {
  name: string;
  points: Point[];
  /** CPU ms of the enricher per 1k records while it processed the 10k-symbol step. */
  cpuMsPer1k: number;
  /** Records per second of that step, produce start to all committed. */
  recordsPerSecond: number;
}

function cpuSeconds(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function runMode(
  name: string,
  env: Record<string, string>,
  args: string[],
  snapshots: string | undefined,
): Promise<ModeResult> {
  const h = new StackHarness(6);
  const dir = mkdtempSync(join(tmpdir(), 'enricher-memory-'));
  await h.setUp();
  try {
    const child = h.spawnEnricher(
      { DELIVERY: 'exactly-once', PORT: '0', MEMORY_PROBE_DIR: dir, ...env },
      [...PROBE_FLAGS, ...args],
    );
    // Ready = the group joined and the (empty) changelog restored: the first probe is taken
    // once a raw record of a symbol outside the measured set has been committed.
    const feed = generateRawFeed({
      seed: 10,
      symbols: SYMBOLS[SYMBOLS.length - 1]!,
      days: 1,
      minutesPerDay: MINUTES,
      duplicateRate: 0,
      updateRate: 0,
    }).records;
    await h.produceRaw([
      { key: 'WARMUP', value: feed[0]!.value.replace(/"S":"[^"]+"/, '"S":"WARMUP"') },
    ]);
    await h.waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`enricher exited with ${child.exitCode}`);
        return (await h.committedTotal()) >= 1n ? true : undefined;
      },
      180_000,
      'enricher ready',
    );
    await sleep(2000);
    const points: Point[] = [
      { symbols: 0, report: await probeMemory(h, child, dir, 'idle', false) },
    ];
    let committed = 1n;
    let from = 0;
    let cpuMsPer1k = NaN;
    let recordsPerSecond = NaN;
    for (const n of SYMBOLS) {
      const ids = new Set(Array.from({ length: n - from }, (_, i) => symbolName(from + i)));
      const step = feed.filter((r) => ids.has(r.key));
      const cpu0 = cpuSeconds(child);
      const t0 = performance.now();
      await h.produceRaw(step);
      committed += BigInt(step.length);
      const target = committed;
      await h.waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`enricher exited with ${child.exitCode}`);
          return (await h.committedTotal()) >= target ? true : undefined;
        },
        900_000,
        `${n} symbols committed`,
      );
      recordsPerSecond = step.length / ((performance.now() - t0) / 1000);
      cpuMsPer1k = ((cpuSeconds(child) - cpu0) * 1000) / (step.length / 1000);
      // Past one snapshot interval (5 s), so the changed-symbol set has been written and cleared
      // as it is in steady state; RSS is then read as an operator would see it.
      await sleep(7000);
      const label = `${n}-symbols`;
      points.push({
        symbols: n,
        report: await probeMemory(h, child, dir, label, snapshots !== undefined),
      });
      if (snapshots) {
        mkdirSync(snapshots, { recursive: true });
        const target = join(snapshots, `${label}.heapsnapshot`);
        writeFileSync(target, readFileSync(join(dir, `${label}.heapsnapshot`)));
        rmSync(join(dir, `${label}.heapsnapshot`));
      }
      from = n;
    }
    await h.killChild(child);
    return { name, points, cpuMsPer1k, recordsPerSecond };
  } finally {
    await h.tearDown();
    rmSync(dir, { recursive: true, force: true });
  }
}

const modes: Array<{ name: string; env: Record<string, string>; args: string[] }> = MODES.map(
  (m) => ({
    name: m.name,
    env: m.env,
    args: [...m.flags, MAIN_JS],
  }),
);
if (BASELINE_MAIN)
  modes.push({
    name: `baseline build (${process.env.BENCH_BASELINE_NAME ?? BASELINE_MAIN})`,
    env: {},
    args: [BASELINE_MAIN],
  });

const loadAtStart = loadavg();
const results: ModeResult[] = [];
for (const [i, mode] of modes.entries()) {
  console.error(`running ${mode.name} ...`);
  results.push(await runMode(mode.name, mode.env, mode.args, i === 0 ? SNAPSHOT_DIR : undefined));
}

const MB = 1024 * 1024;
const f = (bytes: number, d = 1) => (bytes / MB).toFixed(d);
const lines: string[] = [];
lines.push(
  `${MINUTES} minute bars per symbol, 6 partitions, exactly-once, snapshots every 5 s (default); load average (1/5/15 min) ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} at start, ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')} at the end`,
);
lines.push('');
lines.push(
  '| mode | symbols | RSS MB | RSS after full GC MB | of which brk (malloc) / anonymous / files MB | heap used after GC MB | heap total MB | new space MB | external MB | arrayBuffers MB |',
);
lines.push('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  for (const p of r.points) {
    const m = p.report.memoryUsage;
    const newSpace = p.report.spaces.find((s) => s.space_name === 'new_space')?.space_size ?? NaN;
    lines.push(
      `| ${r.name} | ${p.symbols} | ${f(p.report.rssBefore)} | ${f(p.report.rssAfterGc)} | ${f(p.report.resident.brk)} / ${f(p.report.resident.anonymous)} / ${f(p.report.resident.file)} | ${f(m.heapUsed)} | ${f(m.heapTotal)} | ${f(newSpace)} | ${f(m.external)} | ${f(m.arrayBuffers)} |`,
    );
  }
}
lines.push('');
lines.push(
  '| mode | V8 heap limit MB | RSS per 1k symbols (10k − idle) | RSS after GC per 1k | heap used after GC per 1k (10k − idle) | heap used per 1k, 1k→10k | CPU ms per 1k records (10k step) | records/s (10k step) |',
);
lines.push('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const idle = r.points[0]!.report;
  const one = r.points[1]!.report;
  const ten = r.points[2]!.report;
  const per = (a: number, b: number, k: number) => ((a - b) / MB / k).toFixed(2);
  lines.push(
    `| ${r.name} | ${f(ten.heap.heap_size_limit, 0)} | ${per(ten.rssBefore, idle.rssBefore, 10)} | ${per(ten.rssAfterGc, idle.rssAfterGc, 10)} | ${per(ten.memoryUsage.heapUsed + ten.memoryUsage.arrayBuffers, idle.memoryUsage.heapUsed + idle.memoryUsage.arrayBuffers, 10)} | ${per(ten.memoryUsage.heapUsed + ten.memoryUsage.arrayBuffers, one.memoryUsage.heapUsed + one.memoryUsage.arrayBuffers, 9)} | ${r.cpuMsPer1k.toFixed(0)} | ${r.recordsPerSecond.toFixed(0)} |`,
  );
}
console.log(lines.join('\n'));
process.exit(0);
