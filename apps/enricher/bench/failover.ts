// npm run bench:failover -w @marketfeed/enricher
// Two enricher instances share the raw partitions while raw arrives at a steady rate; one is
// stopped mid-stream (kill -9, or SIGTERM), and a read_committed reader timestamps every enriched
// batch as it becomes visible. Reported per scenario: the stall (the longest gap in committed
// output on the stopped instance's partitions), when the survivor owned them, how long its
// restore took, and the exactly-once verdict of the whole run (the integration tests' verifier
// against one uninterrupted pass of the pure core). The scenarios with the session timeout and
// heartbeat the enricher shipped with before (30 s, 3 s) are the baseline, measured in the same run.
import { execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import {
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_SESSION_TIMEOUT_MS,
} from '@marketfeed/exactly-once';
import { StackHarness, uninterruptedBaseline } from '../test/stack-harness.js';
import { generateRawFeed, type RawFeedRecord } from '../test/raw-feed-generator.js';
import { verifyEnrichedFeed } from '../test/verifier.js';

const RATE = Number(process.env.FAILOVER_RATE ?? 2_000);
/** Both instances owning partitions and output flowing on all of them, before the stop. */
const STEADY_MS = 5_000;
/** Output must flow this long on the stopped instance's partitions after they resumed. */
const AFTER_RESUME_MS = 5_000;
const PARTITIONS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Scenario {
  name: string;
  signal: 'SIGKILL' | 'SIGTERM';
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

const BEFORE = { sessionTimeoutMs: 30_000, heartbeatIntervalMs: 3_000 };
const AFTER = {
  sessionTimeoutMs: DEFAULT_SESSION_TIMEOUT_MS,
  heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
};
const ALL: Record<string, Scenario> = {
  'kill-before': { name: 'kill -9, before (baseline)', signal: 'SIGKILL', ...BEFORE },
  'kill-after': { name: 'kill -9, after', signal: 'SIGKILL', ...AFTER },
  'term-before': { name: 'SIGTERM, before (baseline)', signal: 'SIGTERM', ...BEFORE },
  'term-after': { name: 'SIGTERM, after', signal: 'SIGTERM', ...AFTER },
};
const SCENARIOS = (process.env.FAILOVER_SCENARIOS ?? 'kill-before,kill-after,term-after')
  .split(',')
  .map((s) => {
    const scenario = ALL[s.trim()];
    if (!scenario) {
      console.error(
        `FAILOVER_SCENARIOS: unknown scenario "${s}"; use a comma list of ${Object.keys(ALL).join(', ')}`,
      );
      process.exit(2);
    }
    return scenario;
  });

interface LogLine {
  at: number;
  msg: string;
  assigned?: number[];
  fresh?: number[];
  partitions?: Array<{ partition: number }>;
  ms?: number;
  fenceMs?: number;
  changelogMs?: number;
}

/** An enricher child with its JSON log lines kept (LOG_LEVEL=info). */
class Instance {
  readonly logs: LogLine[] = [];
  constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const o = JSON.parse(line) as Omit<LogLine, 'at'> & { time: string };
        this.logs.push({ ...o, at: Date.parse(o.time) });
      } catch {
        // not a log line
      }
    });
  }
  joins(after = 0): LogLine[] {
    return this.logs.filter((l) => l.msg === 'joined consumer group' && l.at >= after);
  }
  assigned(): number[] {
    return this.joins().at(-1)?.assigned ?? [];
  }
}

/** Produces the feed in order at `rate` records/s until stopped (or the feed runs out). */
function pace(h: StackHarness, feed: readonly RawFeedRecord[], rate: number) {
  let stopped = false;
  let sent = 0;
  const done = (async () => {
    const start = Date.now();
    while (!stopped && sent < feed.length) {
      const due = Math.min(feed.length, Math.floor(((Date.now() - start) / 1000) * rate));
      if (due > sent) {
        await h.produceRaw(feed.slice(sent, due));
        sent = due;
      } else await sleep(10);
    }
  })();
  return {
    sent: () => sent,
    stop: async () => {
      stopped = true;
      await done;
      return Date.now();
    },
  };
}

/**
 * Longest gap between consecutive arrivals on a partition that overlaps [from, to], whole: the
 * stall a customer sees runs from the last record before the stop to the first after it.
 */
function longestGap(arrivals: readonly number[], from: number, to: number): number {
  let gap = 0;
  for (let i = 1; i < arrivals.length; i++) {
    const a = arrivals[i - 1]!;
    const b = arrivals[i]!;
    if (b >= from && a <= to) gap = Math.max(gap, b - a);
  }
  return gap;
}

interface Result {
  scenario: Scenario;
  stoppedPartitions: number[];
  /** Longest time without committed output on the stopped instance's partitions (ms). */
  stall: number;
  stallByPartition: number[];
  /** The same on the survivor's own partitions (they pause during the rebalance too). */
  survivorGap: number;
  /** Longest gap on any partition in the steady window before the stop. */
  steadyGap: number;
  /** Signal to the survivor's join that gave it the stopped instance's partitions. */
  ownedAfter: number;
  restoreMs: number;
  fenceMs: number;
  changelogMs: number;
  /** Signal to the first output on every stopped partition. */
  resumedAfter: number;
  exitCode: number | null;
  /** Group members right after a SIGTERMed instance exited (1 = it left the group). */
  membersAfterExit: number | undefined;
  spuriousRebalances: number;
  produced: number;
  enriched: number;
  expected: number;
  problems: string[];
}

async function runScenario(scenario: Scenario, feed: readonly RawFeedRecord[]): Promise<Result> {
  const h = new StackHarness(PARTITIONS);
  await h.setUp();
  try {
    const arrivals = Array.from({ length: PARTITIONS }, () => [] as number[]);
    const reader = h.adminKafka.consumer({
      groupId: `${h.groupId}-failover-reader`,
      readUncommitted: false,
      maxWaitTimeInMs: 50,
    });
    await reader.connect();
    await reader.subscribe({ topic: h.topics.enriched.name, fromBeginning: true });
    await reader.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.messages.length > 0) arrivals[batch.partition]!.push(Date.now());
      },
    });

    const env = {
      LOG_LEVEL: 'info',
      TRANSACTION_MAX_RECORDS: '5000',
      ENRICHER_SESSION_TIMEOUT_MS: String(scenario.sessionTimeoutMs),
      ENRICHER_HEARTBEAT_INTERVAL_MS: String(scenario.heartbeatIntervalMs),
    };
    const spawn = () => new Instance(h.spawnEnricher(env, undefined, 'pipe'));
    const alive = (...xs: Instance[]) => {
      for (const x of xs)
        if (x.child.exitCode !== null)
          throw new Error(`an enricher exited with ${x.child.exitCode}`);
    };

    const producer = pace(h, feed, RATE);
    const survivor = spawn();
    await h.waitFor(
      async () => {
        alive(survivor);
        return (await h.committedTotal()) > 0n ? true : undefined;
      },
      120_000,
      'the first instance committing',
    );
    const victim = spawn();
    let stableAt = 0;
    await h.waitFor(
      async () => {
        alive(survivor, victim);
        const a = survivor.assigned();
        const b = victim.assigned();
        if (b.length === 0 || a.length + b.length !== PARTITIONS) return undefined;
        stableAt ||= Date.now();
        // Output flowing on every partition since both owned their share.
        return arrivals.every((xs) => (xs.at(-1) ?? 0) > stableAt) ? true : undefined;
      },
      120_000,
      'both instances owning partitions, output on every partition',
    );
    await sleep(STEADY_MS);
    alive(survivor, victim);
    const stoppedPartitions = victim.assigned();
    const survivorPartitions = survivor.assigned();
    const spuriousRebalances = survivor.joins(stableAt).length + victim.joins(stableAt).length;

    const exited = new Promise<number | null>((r) => victim.child.once('exit', (c) => r(c)));
    const signalAt = Date.now();
    victim.child.kill(scenario.signal);
    const exitCode = await exited;
    const membersAfterExit = scenario.signal === 'SIGTERM' ? await h.groupMembers() : undefined;

    // Until the survivor restored the stopped partitions and output flowed on them for a while.
    const restored = () =>
      survivor.logs.filter(
        (l) =>
          l.msg === 'partitions restored from changelog' &&
          l.at >= signalAt &&
          l.partitions?.some((p) => stoppedPartitions.includes(p.partition)),
      );
    let resumedAt = 0;
    await h.waitFor(
      async () => {
        alive(survivor);
        const covered = new Set(restored().flatMap((l) => l.partitions!.map((p) => p.partition)));
        if (!stoppedPartitions.every((p) => covered.has(p))) return undefined;
        const last = Math.max(...restored().map((l) => l.at));
        if (!stoppedPartitions.every((p) => (arrivals[p]!.at(-1) ?? 0) > last)) return undefined;
        resumedAt ||= Math.max(
          ...stoppedPartitions.map((p) => arrivals[p]!.find((t) => t > last)!),
        );
        return Date.now() - resumedAt >= AFTER_RESUME_MS ? true : undefined;
      },
      180_000,
      "the survivor resuming the stopped instance's partitions",
    );
    const stoppedAt = await producer.stop();
    await h.waitForCaughtUp(180_000);
    await sleep(1_000);
    await reader.disconnect();
    await h.killChild(survivor.child);

    const takeover = survivor.joins(signalAt).find((l) => (l.fresh ?? []).length > 0);
    const restores = restored();
    const stallByPartition = stoppedPartitions.map((p) =>
      longestGap(arrivals[p]!, signalAt, stoppedAt),
    );
    const enrichedRecords = await h.readCommitted(h.topics.enriched.name);
    const baseline = await uninterruptedBaseline(h, []);
    const v = verifyEnrichedFeed(enrichedRecords, baseline);
    return {
      scenario,
      stoppedPartitions,
      stall: Math.max(...stallByPartition),
      stallByPartition,
      survivorGap: Math.max(
        ...survivorPartitions.map((p) => longestGap(arrivals[p]!, signalAt, stoppedAt)),
      ),
      // Arrivals wholly before the stop: the normal spacing of output, for scale.
      steadyGap: Math.max(
        ...arrivals.map((xs) =>
          longestGap(
            xs.filter((t) => t < signalAt),
            signalAt - STEADY_MS,
            signalAt,
          ),
        ),
      ),
      ownedAfter: takeover ? takeover.at - signalAt : NaN,
      restoreMs: Math.max(...restores.map((l) => l.ms ?? NaN)),
      fenceMs: Math.max(...restores.map((l) => l.fenceMs ?? NaN)),
      changelogMs: Math.max(...restores.map((l) => l.changelogMs ?? NaN)),
      resumedAfter: resumedAt - signalAt,
      exitCode,
      membersAfterExit,
      spuriousRebalances,
      produced: producer.sent(),
      enriched: v.count,
      expected: baseline.size,
      problems: v.problems,
    };
  } finally {
    await h.tearDown();
  }
}

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const feed = generateRawFeed({
  seed: 18,
  symbols: 1000,
  days: 3,
  minutesPerDay: 90,
  duplicateRate: 0.01,
  updateRate: 0.01,
}).records;
const loadAtStart = loadavg();
const uptimeAtStart = uptime();
const results: Result[] = [];
for (const scenario of SCENARIOS) {
  console.error(`running ${scenario.name} ...`);
  const r = await runScenario(scenario, feed);
  console.error(
    `  stall ${r.stall} ms (per partition ${r.stallByPartition.join(', ')}), owned after ${r.ownedAfter} ms, restore ${r.restoreMs} ms, ${r.problems.length} problems`,
  );
  results.push(r);
}

const s = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : 'n/a');
const lines: string[] = [];
lines.push(
  `raw at ${RATE} msg/s, 1000 symbols, ${PARTITIONS} partitions, two instances (TRANSACTION_MAX_RECORDS=5000, snapshot interval default); one stopped ${STEADY_MS / 1000} s after both owned partitions and output flowed on all`,
);
lines.push(`uptime at start: ${uptimeAtStart}`);
lines.push(`uptime at end:   ${uptime()}`);
lines.push(
  `load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')}, at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`,
);
lines.push('');
lines.push(
  '| scenario | session / heartbeat | stall on its partitions s (per partition) | survivor owned them after s | restore ms (fence / changelog) | output resumed after s | survivor partitions gap s | steady gap s | exit code, members after | rebalances while steady | exactly-once: records / expected, problems |',
);
lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  lines.push(
    `| ${r.scenario.name} | ${r.scenario.sessionTimeoutMs} / ${r.scenario.heartbeatIntervalMs} ms | **${s(r.stall)}** (${r.stallByPartition.map(s).join(', ')}) | ${s(r.ownedAfter)} | ${r.restoreMs} (${r.fenceMs} / ${r.changelogMs}) | ${s(r.resumedAfter)} | ${s(r.survivorGap)} | ${s(r.steadyGap)} | ${r.exitCode ?? 'killed'}${r.membersAfterExit === undefined ? '' : `, ${r.membersAfterExit}`} | ${r.spuriousRebalances} | ${r.enriched} / ${r.expected}, ${r.problems.length} |`,
  );
}
for (const r of results.filter((x) => x.problems.length > 0))
  lines.push('', `${r.scenario.name}: ${r.problems.slice(0, 10).join('; ')}`);
console.log(lines.join('\n'));
process.exit(results.some((r) => r.problems.length > 0) ? 1 : 0);
