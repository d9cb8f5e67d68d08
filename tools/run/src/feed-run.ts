import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createFeedClient } from '@marketfeed/client';
import { consumerGroupLag, createKafka, topicName } from '@marketfeed/kafka';
import { customerIdentity } from '@marketfeed/kafka/contract';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import { createLogger } from '@marketfeed/service';
import { readStackInfo, type StackInfo } from '@marketfeed/stack';
import { FeedWatcher, percentile } from './feed-watcher.js';
import { probeService, type Probe } from './http-probe.js';
import type { ServiceRow, ViewModel } from './live-view.js';
import { METRIC_NAMES, parseSelector } from './metric-names.js';
import { hasMetric, sumMetric } from './prometheus-text.js';
import { ratePerSecond } from './rates.js';
import kafkajs, { type Admin } from 'kafkajs';
import { serviceSpecs, START_ORDER, STOP_ORDER, type ServiceSpec } from './service-specs.js';
import { continuationStartDate, continuationStartPrices } from './simulator-continuation.js';
import type { RunTotals } from './summary.js';
import { Supervisor, type SupervisedProcess } from './supervisor.js';
import { endOffsetSum, growth } from './topic-offsets.js';

/** The stack's demo customer, whose identity the live view reads the feed with. */
const DEMO_CUSTOMER = customerIdentity('demo');

const { Kafka, logLevel } = kafkajs;

export interface FeedRunOptions {
  repoRoot: string;
  source: 'simulator' | 'alpaca' | 'replay';
  env: Readonly<Record<string, string | undefined>>;
  portBase?: number;
  /** Where progress lines go (stderr by default). */
  say?: (line: string) => void;
  /**
   * 'ready-first' (the default, what `npm start` does): each app starts once the one it feeds
   * answers /readyz, the ingestor last, so its first record finds a joined enricher that has
   * fenced, restored and can commit. 'all-at-once': every app at once, as before session 6 (the
   * latency benchmark's baseline).
   */
  startup?: 'ready-first' | 'all-at-once';
}

/** How long each app may take to answer /readyz once started. */
export const READY_TIMEOUT_MS = 120_000;

type Counter = { value: number; atMs: number };

/** Runs a command, streaming its output, and rejects with its exit code. */
export function runCommand(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/**
 * The whole feed on the local stack: builds, ensures the stack, starts the three apps with the
 * stack's least-privilege credentials, watches the enriched topic as the demo customer, and
 * keeps the numbers the live view and the final summary show.
 */
export class FeedRun {
  readonly startedAt = Date.now();
  stack: StackInfo | undefined;
  specs: ServiceSpec[] = [];
  supervisor: Supervisor;
  watcher: FeedWatcher | undefined;
  readonly probes = new Map<string, Probe>();
  private readonly prev = new Map<string, { in: Counter; out: Counter }>();
  private readonly rates = new Map<string, { in: number; out: number }>();
  readonly crashed: SupervisedProcess[] = [];
  private readonly say: (line: string) => void;
  /** Lag per app from its group's committed offsets in Kafka (the apps' own gauges go stale when idle). */
  private readonly lags = new Map<string, number>();
  /** The last metrics each app answered with: an app that has exited keeps its final counts. */
  private readonly lastSamples = new Map<string, Probe['samples']>();
  /** Admin on the stack's loopback PLAINTEXT listener: reads end offsets and group offsets. */
  private admin: Admin | undefined;
  private offsetsAtStart: { raw: bigint; dlq: bigint } | undefined;

  constructor(private readonly opts: FeedRunOptions) {
    this.say = opts.say ?? ((l) => process.stderr.write(`${l}\n`));
    this.supervisor = new Supervisor(
      opts.repoRoot,
      join(opts.repoRoot, '.stack', 'logs', 'apps'),
      (p) => {
        this.crashed.push(p);
      },
    );
  }

  get topicPrefix(): string {
    return this.opts.env.FEED_TOPIC_PREFIX ?? 'marketfeed';
  }

  get indexPrefix(): string {
    return this.opts.env.OPENSEARCH_INDEX_PREFIX ?? 'marketfeed';
  }

  /** Brings the stack up (the `npm start` script builds the apps before this process starts). */
  async prepare(): Promise<void> {
    this.say('▸ local stack (Kafka + OpenSearch)…');
    await runCommand('npm', ['run', '--silent', 'stack:up'], this.opts.repoRoot);
    this.stack = readStackInfo();
  }

  /** The `latest` snapshot as the demo customer reads it (the customer client's bootstrap). */
  private async readSnapshot(stack: StackInfo, password: string): Promise<EnrichedBarV1[]> {
    const bars: EnrichedBarV1[] = [];
    const client = createFeedClient({
      brokers: [stack.kafka.saslSsl],
      caFile: stack.kafka.caFile,
      username: DEMO_CUSTOMER.username,
      password,
      topicPrefix: this.topicPrefix,
      groupId: `${DEMO_CUSTOMER.groupPrefix}live-view-${randomBytes(4).toString('hex')}`,
      start: { from: 'snapshot' },
      kafka: { logLevel: 0 },
    });
    const done = client.run(async (event) => {
      if (event.type === 'bar' && event.phase === 'snapshot') bars.push(event.bar);
      if (event.type === 'snapshot-complete') await client.stop();
    });
    await done;
    return bars;
  }

  /**
   * Starts the apps downstream first and returns once every one is ready. A stop request
   * (`signal`, the user's Ctrl-C) ends the wait and starts nothing more; stop() then stops what
   * runs.
   */
  async start(signal?: AbortSignal): Promise<void> {
    const stack = this.stack ?? readStackInfo();
    const password = stack.kafka.users[DEMO_CUSTOMER.username]?.password;
    if (!password) throw new Error(`stack.json has no ${DEMO_CUSTOMER.username} user`);
    this.say('▸ reading the latest snapshot as customer-demo…');
    const snapshot = await this.readSnapshot(stack, password);
    const env = { ...this.opts.env };
    const startDate = continuationStartDate(snapshot);
    if (
      this.opts.source === 'simulator' &&
      env.SIMULATOR_START_DATE === undefined &&
      startDate !== undefined
    ) {
      env.SIMULATOR_START_DATE = startDate;
      const prices = continuationStartPrices(snapshot);
      if (prices !== undefined && env.SIMULATOR_START_PRICES === undefined)
        env.SIMULATOR_START_PRICES = prices;
      this.say(
        `  the feed has bars up to the session before ${startDate}; the simulator continues from there, at each symbol's last close`,
      );
    }
    this.specs = serviceSpecs({
      stack,
      topicPrefix: this.topicPrefix,
      indexPrefix: this.indexPrefix,
      portBase: this.opts.portBase ?? 8080,
      source: this.opts.source,
      env,
    });
    const kafka = createKafka(
      {
        brokers: [stack.kafka.saslSsl],
        ssl: true,
        caFile: stack.kafka.caFile,
        sasl: { mechanism: 'scram-sha-512', username: DEMO_CUSTOMER.username, password },
        topicPrefix: this.topicPrefix,
      },
      {
        clientId: 'marketfeed-live-view',
        logger: createLogger({
          name: 'live-view',
          level: 'error',
          pretty: false,
          destination: process.stderr,
        }),
      },
    );
    // The customer's ACLs allow only groups under its own prefix.
    this.watcher = new FeedWatcher(
      kafka,
      topicName(this.topicPrefix, 'enriched'),
      `${DEMO_CUSTOMER.groupPrefix}live-view-${randomBytes(4).toString('hex')}`,
    );
    for (const bar of snapshot) this.watcher.stats.latest.set(bar.symbol, bar);
    this.say('▸ following the enriched topic as customer-demo…');
    await this.watcher.start();
    this.admin = new Kafka({
      clientId: 'marketfeed-live-view-admin',
      brokers: [stack.kafka.plaintext],
      logLevel: logLevel.NOTHING,
    }).admin();
    await this.admin.connect();
    this.offsetsAtStart = await this.topicOffsets();
    const waitEach = (this.opts.startup ?? 'ready-first') === 'ready-first';
    for (const name of START_ORDER) {
      const spec = this.specs.find((s) => s.name === name);
      if (!spec || signal?.aborted) continue;
      this.say(`▸ starting ${name} on :${spec.port}…`);
      this.supervisor.start(spec);
      if (waitEach) await this.waitReady([spec], signal);
    }
    await this.waitReady(this.specs, signal);
  }

  /** Waits until each started app of `specs` reports ready, or one crashes, or the timeout passes. */
  private async waitReady(specs: readonly ServiceSpec[], signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    const pending = new Set(
      this.supervisor.processes.filter(
        (p) => specs.includes(p.spec) && p.readyAt === undefined && p.state !== 'stopped',
      ),
    );
    while (pending.size > 0 && !signal?.aborted) {
      if (this.crashed.length > 0) throw new Error(this.crashReport());
      for (const proc of pending) {
        const { spec } = proc;
        if (proc.state === 'stopped') {
          // Exited 0 before its first ready answer (a short recording replayed, say): not ready.
          pending.delete(proc);
          this.say(`  · ${spec.name} exited (code 0) before it reported ready`);
          continue;
        }
        const p = await probeService(spec.port);
        this.probes.set(spec.name, p);
        if (p.ready) {
          pending.delete(proc);
          proc.readyAt = Date.now();
          if (proc.state === 'starting') proc.state = 'running';
          this.say(`  ✓ ${spec.name} ready${spec.url ? ` — open ${spec.url}` : ''}`);
        }
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) {
        const why = [...pending]
          .map(({ spec: s }) => `${s.name}: ${this.probes.get(s.name)?.readyDetail || 'no answer'}`)
          .join('\n  ');
        throw new Error(
          `not ready after ${Math.round(READY_TIMEOUT_MS / 1000)} s:\n  ${why}\nlogs: ${join(this.opts.repoRoot, '.stack', 'logs', 'apps')}`,
        );
      }
      // Short: with the apps started one after another, every poll's wait adds to the start-up.
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  crashReport(): string {
    const watcher = this.watcher?.failure ? `${this.watcher.failure}\n` : '';
    return (
      watcher +
      this.crashed
        .map(
          (p) =>
            `${p.spec.name} exited (code ${p.exitCode ?? '-'}, signal ${p.signal ?? '-'}); last lines:\n    ${p.lastLines.toArray().join('\n    ')}\n  full log: ${p.logFile}`,
        )
        .join('\n')
    );
  }

  private async topicOffsets(): Promise<{ raw: bigint; dlq: bigint }> {
    const admin = this.admin;
    if (!admin) throw new Error('not started');
    const [raw, dlq] = await Promise.all([
      endOffsetSum(admin, topicName(this.topicPrefix, 'raw')),
      endOffsetSum(admin, topicName(this.topicPrefix, 'dlq')),
    ]);
    return { raw, dlq };
  }

  private async refreshLag(spec: ServiceSpec): Promise<void> {
    if (!spec.consumes || !this.admin) return;
    try {
      const parts = await consumerGroupLag(this.admin, spec.consumes.groupId, spec.consumes.topic);
      this.lags.set(
        spec.name,
        parts.reduce((n, p) => n + Number(p.lag), 0),
      );
    } catch {
      // A lag read is best effort: the broker may be busy; the previous value stays.
    }
  }

  /** Polls every app's /readyz and /metrics once and updates rates and lags. */
  async poll(): Promise<void> {
    const now = Date.now();
    await Promise.all(
      this.specs.map(async (spec) => {
        const live = await probeService(spec.port);
        // An app that has exited answers nothing: keep its last counts rather than show zero.
        const samples = live.samples.length > 0 ? live.samples : this.lastSamples.get(spec.name);
        if (live.samples.length > 0) this.lastSamples.set(spec.name, live.samples);
        const p: Probe = { ...live, samples: samples ?? [] };
        this.probes.set(spec.name, p);
        await this.refreshLag(spec);
        const names = METRIC_NAMES[spec.name];
        const inV: Counter = { value: this.firstMetric(p, names.in), atMs: now };
        const outV: Counter = { value: this.firstMetric(p, names.out), atMs: now };
        const prev = this.prev.get(spec.name);
        this.rates.set(spec.name, {
          in: ratePerSecond(prev?.in, inV),
          out: ratePerSecond(prev?.out, outV),
        });
        this.prev.set(spec.name, { in: inV, out: outV });
      }),
    );
  }

  private firstMetric(p: Probe | undefined, names: readonly string[]): number {
    if (!p) return 0;
    for (const selector of names) {
      const { name, labels } = parseSelector(selector);
      if (hasMetric(p.samples, name)) return sumMetric(p.samples, name, labels);
    }
    return 0;
  }

  private lastCount(app: ServiceSpec['name'], which: 'in' | 'out' | 'dlq'): number {
    const p = this.probes.get(app);
    return this.firstMetric(p, METRIC_NAMES[app][which]);
  }

  viewModel(color: boolean, maxRows: number): ViewModel {
    const services: ServiceRow[] = this.specs.map((spec) => {
      const proc = this.supervisor.processes.find((x) => x.spec.name === spec.name);
      const p = this.probes.get(spec.name);
      const names = METRIC_NAMES[spec.name];
      const lagName = names.lag.find((n) => p && hasMetric(p.samples, parseSelector(n).name));
      const kafkaLag = this.lags.get(spec.name);
      let status: string = proc?.state ?? 'not started';
      if (proc?.state === 'running' || proc?.state === 'starting')
        status = p?.ready ? 'ready' : 'not ready';
      if (proc?.state === 'crashed') status = `crashed (${proc.exitCode ?? proc.signal})`;
      if (proc?.state === 'stopped') status = 'finished';
      const r = this.rates.get(spec.name);
      return {
        name: spec.name,
        status,
        healthy: status === 'ready' || status === 'finished',
        inPerSec: r?.in ?? 0,
        outPerSec: r?.out ?? 0,
        inTotal: this.lastCount(spec.name, 'in'),
        outTotal: this.lastCount(spec.name, 'out'),
        lag: kafkaLag ?? (lagName && p ? sumMetric(p.samples, lagName) : undefined),
        dlq: this.lastCount(spec.name, 'dlq'),
      };
    });
    const stats = this.watcher?.stats;
    return {
      elapsedMs: Date.now() - this.startedAt,
      services,
      latest: stats ? [...stats.latest.values()] : [],
      customerReceived: stats?.received ?? 0,
      customerInvalid: stats?.invalid ?? 0,
      latencyP50Ms: stats ? percentile(stats.latenciesMs, 0.5) : undefined,
      latencyP99Ms: stats ? percentile(stats.latenciesMs, 0.99) : undefined,
      hints: this.hints(),
      color,
      maxRows,
    };
  }

  hints(): string[] {
    const os = this.stack?.opensearch.url ?? 'http://127.0.0.1:9200';
    const symbol = this.watcher?.stats.latest.keys().next().value;
    // The sink's per-symbol filtered alias, e.g. marketfeed-amzn (see apps/opensearch-sink).
    const index = symbol
      ? `${this.indexPrefix}-${symbol.toLowerCase().replaceAll('/', '~')}`
      : `${this.indexPrefix}-bars`;
    const web = this.specs.find((s) => s.url)?.url;
    return [
      ...(web ? [`web view:       ${web}  (board and live charts)`] : []),
      `customer view:  .stack/bin/kafka-console-consumer.sh --bootstrap-server localhost:9094 --topic ${topicName(this.topicPrefix, 'enriched')} --command-config .stack/clients/customer-demo.properties`,
      `OpenSearch:     ${os}/${index}/_search?sort=timestamp:desc&size=1`,
      `health/metrics: ${this.specs.map((s) => `http://127.0.0.1:${s.port}/readyz`).join('  ')}  (and /metrics)`,
      `app logs:       .stack/logs/apps/<app>.log`,
    ];
  }

  /** Counts as the apps last reported them (live view and periodic lines). */
  totals(): RunTotals {
    const stats = this.watcher?.stats;
    return {
      dlqTopic: topicName(this.topicPrefix, 'dlq'),
      ingested: this.lastCount('ingestor', 'out'),
      enriched: this.lastCount('enricher', 'out'),
      indexed: this.lastCount('opensearch-sink', 'out'),
      dlq: (['ingestor', 'enricher', 'opensearch-sink'] as const).reduce(
        (n, a) => n + this.lastCount(a, 'dlq'),
        0,
      ),
      customerReceived: stats?.received ?? 0,
      latencyP50Ms: stats ? percentile(stats.latenciesMs, 0.5) : undefined,
      latencyP99Ms: stats ? percentile(stats.latenciesMs, 0.99) : undefined,
      crashed: this.crashed.map((p) => p.spec.name),
    };
  }

  /**
   * The summary's counts, after the apps stopped: what reached raw comes from its end offsets (a
   * replay that ended before the first poll still counts); enriched and indexed are the apps'
   * last metrics, read after each drained its input. DLQ records come from the DLQ topic's end
   * offsets unless the enricher dead-lettered (its transaction markers also take offsets there).
   */
  async finalTotals(): Promise<RunTotals> {
    const t = this.totals();
    if (!this.admin || !this.offsetsAtStart) return t;
    const end = await this.topicOffsets().catch(() => undefined);
    const ingested = growth(this.offsetsAtStart.raw, end?.raw);
    const dlq = growth(this.offsetsAtStart.dlq, end?.dlq);
    return {
      ...t,
      ingested: ingested ?? t.ingested,
      dlq: dlq !== undefined && this.lastCount('enricher', 'dlq') === 0 ? dlq : t.dlq,
    };
  }

  /** Waits (bounded) until an app has committed everything in its input topic. */
  private async drain(spec: ServiceSpec, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.lags.delete(spec.name);
    for (;;) {
      await this.refreshLag(spec);
      if (this.lags.get(spec.name) === 0 || Date.now() > deadline) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Waits (bounded) until the customer watcher has stopped receiving. */
  private async settleWatcher(timeoutMs: number): Promise<void> {
    const stats = this.watcher?.stats;
    if (!stats) return;
    const deadline = Date.now() + timeoutMs;
    let seen = -1;
    while (stats.received !== seen && Date.now() < deadline) {
      seen = stats.received;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /**
   * Stops the apps source first: each downstream app first drains what its upstream wrote
   * (bounded by the grace period), then gets one SIGTERM and the grace period to shut down.
   */
  async stop(graceMs = 20_000): Promise<void> {
    for (const name of STOP_ORDER) {
      const proc = this.supervisor.processes.find((p) => p.spec.name === name);
      if (!proc) continue;
      if (proc.spec.consumes && !Supervisor.hasExited(proc)) {
        this.say(`  ${name}: finishing its input…`);
        await this.drain(proc.spec, graceMs);
      }
      // The last metrics read while it still answers.
      await this.poll();
      const result = await this.supervisor.stop(proc, graceMs);
      const how = proc.exitCode !== null ? `exit ${proc.exitCode}` : `signal ${proc.signal}`;
      this.say(`  ✓ ${name} ${result} (${how})`);
    }
    if (this.supervisor.processes.length > 0) await this.settleWatcher(5000);
    await this.watcher?.stop().catch(() => undefined);
    await this.supervisor.closeLogs();
  }

  /** After stop(): releases the admin connection the final counts needed. */
  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }
}
