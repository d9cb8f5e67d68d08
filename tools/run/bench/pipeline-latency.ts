/**
 * Benchmark (not a test): ingest → customer latency of the whole pipeline, started as `npm start`
 * starts it (FeedRun: the built apps as child processes with their own SCRAM users, the simulator
 * at 2000 msg/s), on a fresh random topic prefix, read by a customer (customer-demo over
 * SASL_SSL, read_committed) that joined before the first record. Prints p50/p99 per 10 s window
 * from the first record ingested, and where each window's p99 sits: before the enricher's
 * produce, or between it and the customer (transaction commit, fetch).
 *
 *   npm run bench -w @marketfeed/run [-- --seconds 70] [-- --startup all-at-once]
 *   (after `npx turbo run build`; `--startup all-at-once` is the start-up before session 6)
 *
 * docs/benchmarks/pipeline-latency.md records runs.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createKafka, topicName } from '@marketfeed/kafka';
import { createLogger } from '@marketfeed/service';
import { deletePrefixTopics, provisionPrefix, readStackInfo } from '@marketfeed/stack';
import { FeedRun } from '../src/feed-run.js';
import { SOURCE_TIMESTAMP_HEADER } from '../src/feed-watcher.js';
import { probeService } from '../src/http-probe.js';
import { enricherActivity, enricherCounters, type EnricherCounters } from './enricher-activity.js';
import { latencyBetween, latencyWindows, type LatencySample } from './latency-windows.js';
import { cpuSeconds, cpuShares, pidFromFile } from './process-cpu.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '70' },
    rate: { type: 'string', default: '2000/s' },
    symbols: { type: 'string', default: '50' },
    /** ready-first (npm start since session 6) or all-at-once (before it: the baseline). */
    startup: { type: 'string', default: 'ready-first' },
  },
});
const STARTUPS = ['ready-first', 'all-at-once'] as const;
const STARTUP = STARTUPS.find((s) => s === values.startup);
if (STARTUP === undefined) {
  console.error(`--startup must be ready-first or all-at-once, got ${values.startup}`);
  process.exit(2);
}
const RUN_MS = Number(values.seconds) * 1000;
const WINDOW_MS = 10_000;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const stack = readStackInfo();
const prefix = `bench-lat-${randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(`prefix ${prefix}; startup ${STARTUP}; load average before: ${load()}`);
  await provisionPrefix(stack, prefix);
  const password = stack.kafka.users['customer-demo']?.password;
  if (!password) throw new Error('stack.json has no customer-demo user');

  // The customer, joined before anything flows, so its own group join is not measured.
  const samples: LatencySample[] = [];
  const kafka = createKafka(
    {
      brokers: [stack.kafka.saslSsl],
      ssl: true,
      caFile: stack.kafka.caFile,
      sasl: { mechanism: 'scram-sha-512', username: 'customer-demo', password },
      topicPrefix: prefix,
    },
    {
      clientId: 'latency-bench-customer',
      logger: createLogger({ name: 'latency-bench', level: 'error', pretty: false }),
    },
  );
  const customer = kafka.consumer({
    groupId: `customer-demo.latency-bench-${randomBytes(4).toString('hex')}`,
    readUncommitted: false,
  });
  await customer.connect();
  await customer.subscribe({ topic: topicName(prefix, 'enriched'), fromBeginning: true });
  let joinedAt = 0;
  customer.on(customer.events.GROUP_JOIN, () => (joinedAt ||= Date.now()));
  await customer.run({
    eachMessage: async ({ message }) => {
      const receivedMs = Date.now();
      const sourceMs = Number(message.headers?.[SOURCE_TIMESTAMP_HEADER]?.toString() ?? NaN);
      if (Number.isFinite(sourceMs))
        samples.push({ sourceMs, enrichedMs: Number(message.timestamp), receivedMs });
    },
  });
  while (!joinedAt) await sleep(100);

  const run = new FeedRun({
    repoRoot,
    source: 'simulator',
    env: {
      FEED_TOPIC_PREFIX: prefix,
      OPENSEARCH_INDEX_PREFIX: prefix,
      SIMULATOR_SYMBOLS: values.symbols,
      SIMULATOR_RATE: values.rate,
    },
    portBase: 20_000 + Math.floor(Math.random() * 20_000),
    say: () => {},
    startup: STARTUP,
  });
  run.stack = stack;
  const startedAt = Date.now();
  try {
    await run.start();
    const readyAt = Date.now();
    while (samples.length === 0 && Date.now() - readyAt < 120_000) await sleep(100);
    const first = samples[0];
    if (!first) throw new Error(`no enriched record within 120 s of ready\n${run.crashReport()}`);
    const firstIngest = samples.reduce((m, s) => Math.min(m, s.sourceMs), Infinity);
    console.log(
      `apps started → all ready ${t(readyAt - startedAt)}; first record ingested ${t(firstIngest - startedAt)} after start, received by the customer ${t(first.receivedMs - startedAt)} after start`,
    );
    console.log(
      `each app, started → ready (s after start): ${run.supervisor.processes
        .map((p) => `${p.spec.name} ${t(p.startedAt - startedAt)} → ${t((p.readyAt ?? NaN) - startedAt)}`)
        .join(', ')}`,
    );
    // Where the two cores go: every process of the pipeline, the stack's servers, this process.
    const pids = new Map<string, number>([
      ...run.supervisor.processes.map((p) => [p.spec.name, p.child.pid ?? 0] as const),
      ['kafka', pidFromFile(join(repoRoot, '.stack', 'run', 'kafka.pid')) ?? 0],
      ['opensearch', pidFromFile(join(repoRoot, '.stack', 'run', 'opensearch.pid')) ?? 0],
      ['bench (customer + live view)', process.pid],
    ]);
    const cpuNow = () => {
      const m = new Map<string, number>();
      for (const [name, pid] of pids) {
        const c = cpuSeconds(pid);
        if (c !== undefined) m.set(name, c);
      }
      return m;
    };
    const cpuLines: string[] = [];
    let prevCpu = { atMs: Date.now(), seconds: cpuNow() };
    // The enricher's own view, every 10 s: is it keeping up, and what do its commits cost?
    const enricherPort = run.specs.find((s) => s.name === 'enricher')?.port;
    // A probe that timed out (a loaded host) reads as no samples: skip it rather than report zeros.
    const look = async (): Promise<EnricherCounters | undefined> => {
      if (enricherPort === undefined) return undefined;
      const { samples } = await probeService(enricherPort, 5_000);
      return samples.length > 0 ? enricherCounters(samples, Date.now()) : undefined;
    };
    let prev = await look();
    console.log(
      '\n| enricher, s after first record | records in/s | txn/s | records/txn | mean commit ms | mean batch ms | mean corporate-actions wait ms | commit busy (sum over producers) | lag at end |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    let nextLook = Date.now() + WINDOW_MS;
    while (Date.now() - firstIngest < RUN_MS + 5_000) {
      await sleep(500);
      if (run.crashed.length > 0) throw new Error(run.crashReport());
      if (Date.now() < nextLook) continue;
      nextLook += WINDOW_MS;
      const cpu = { atMs: Date.now(), seconds: cpuNow() };
      const shares = cpuShares(prevCpu.seconds, cpu.seconds, (cpu.atMs - prevCpu.atMs) / 1000);
      cpuLines.push(
        `| ${t(cpu.atMs - firstIngest)} | ${[...pids.keys()].map((n) => `${shares.get(n) ?? '–'}%`).join(' | ')} |`,
      );
      prevCpu = cpu;
      const cur = await look();
      if (!cur) continue;
      if (prev) {
        const a = enricherActivity(prev, cur);
        console.log(
          `| ${t(cur.atMs - firstIngest)} | ${a.recordsPerSecond} | ${a.transactionsPerSecond} | ${a.recordsPerTransaction} | ${a.meanCommitMs} | ${a.meanBatchMs} | ${a.meanActionsWaitMs} | ${(a.commitBusy * 100).toFixed(0)}% | ${a.lag} |`,
        );
      }
      prev = cur;
    }
    console.log(`\n| CPU, % of one core, s after first record | ${[...pids.keys()].join(' | ')} |`);
    console.log(`|---|${[...pids.keys()].map(() => '---|').join('')}`);
    for (const line of cpuLines) console.log(line);
    console.log(`load average during: ${load()}`);
  } finally {
    await run.stop().catch((err: unknown) => console.error(`stop: ${String(err)}`));
    await run.close().catch(() => undefined);
    await customer.disconnect().catch(() => undefined);
    await deletePrefixTopics(stack, prefix).catch(() => undefined);
    await fetch(`${stack.opensearch.url}/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
  }

  // Only records ingested inside the run: the tail after it was cut by the stop.
  const t0 = samples.reduce((m, s) => Math.min(m, s.sourceMs), Infinity);
  const inRun = samples.filter((s) => s.sourceMs - t0 < RUN_MS);
  console.log(
    `\n${inRun.length} records ingested in ${RUN_MS / 1000} s (${Math.round(inRun.length / (RUN_MS / 1000))} msg/s)\n`,
  );
  console.log(
    '| window (s from first record) | records | p50 ms | p99 ms | max ms | p99 ingest→enricher produce | p99 enricher produce→customer |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const w of latencyWindows(inRun, WINDOW_MS))
    console.log(
      `| ${w.fromS}–${w.fromS + WINDOW_MS / 1000} | ${w.count} | ${w.p50Ms} | ${w.p99Ms} | ${w.maxMs} | ${w.toEnricherP99Ms} | ${w.toCustomerP99Ms} |`,
    );
  const early = latencyBetween(inRun, 0, 60_000);
  const steady = latencyBetween(inRun, 20_000, RUN_MS);
  console.log(
    `\nfirst 60 s: p50 ${early.p50Ms} ms, p99 ${early.p99Ms} ms (goal ≤ 250) — ${early.p99Ms <= 250 ? 'met' : 'not met'}`,
  );
  console.log(
    `steady (20 s – ${RUN_MS / 1000} s): p50 ${steady.p50Ms} ms, p99 ${steady.p99Ms} ms (goal ≤ 150) — ${steady.p99Ms <= 150 ? 'met' : 'not met'}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
