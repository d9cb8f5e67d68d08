/**
 * Benchmark (not a test): the ingestor's simulator and replay sources into the raw topic, side by
 * side in the same run with Kafka's own producer benchmark (org.apache.kafka.tools.ProducerPerformance,
 * what kafka-producer-perf-test.sh runs) against the same broker, listener, topic layout, acks and
 * idempotence, and the same record size.
 *
 *   npm run bench -w @marketfeed/ingestor [-- --records 300000 --batch 2000 --producers 1,3 --runs 3]
 *
 * Each of `--runs` rounds runs Kafka's tool and then ours back to back and prints `uptime` first:
 * on a shared host absolute figures swing with the load, so the ratio within a round is the figure
 * to read. `--producers 1` is the produce path before session 6 (one idempotent producer); N runs N
 * producers (INGEST_PRODUCERS), each owning the symbols that hash to it. Prints
 * figures and ratios; docs/benchmarks/ingestor.md records runs.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { topicCatalog, kafkaClientConfig, type KafkaSettings } from '@marketfeed/kafka';
import { createLogger, createMetricsRegistry, Readiness } from '@marketfeed/service';
import { deletePrefixTopics, provisionPrefix, readStackInfo } from '@marketfeed/stack';
import { createIngestor } from '../src/ingestor.js';
import { createIngestorProducers } from '../src/kafka-producer.js';
import { generateSimulatedFeed } from '../src/sources/simulator/generate.js';
import { createReplaySource } from '../src/sources/replay/replay-source.js';
import { createSimulatorSource } from '../src/sources/simulator/simulator-source.js';
import type { Source, SourceContext } from '../src/sources/source.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '300000' },
    batch: { type: 'string', default: '2000' },
    producers: { type: 'string', default: '1,3' },
    runs: { type: 'string', default: '3' },
    symbols: { type: 'string', default: '500' },
  },
});
const RECORDS = Number(values.records);
const BATCHES = values.batch.split(',').map(Number);
const PRODUCERS = values.producers.split(',').map(Number);
const SYMBOLS = Number(values.symbols);
const RUNS = Number(values.runs);
const SEED = 7;

const repoRoot = resolve(import.meta.dirname, '../../..');
const info = readStackInfo();
const settings = (prefix: string): KafkaSettings => ({
  brokers: [info.kafka.plaintext],
  ssl: false,
  caFile: undefined,
  sasl: undefined,
  topicPrefix: prefix,
});

/** Kafka's tools classpath and log config, as the stack's generated wrappers launch them. */
function kafkaToolsLaunch(): { classpath: string; log4j: string } {
  const wrapper = readFileSync(join(repoRoot, '.stack/bin/kafka-topics.sh'), 'utf8');
  const cp = /-cp '([^']+)'/.exec(wrapper)?.[1];
  const log4j = /-Dlog4j2\.configurationFile='([^']+)'/.exec(wrapper)?.[1];
  if (!cp || !log4j)
    throw new Error('cannot find the Kafka classpath in .stack/bin/kafka-topics.sh');
  return { classpath: cp, log4j };
}

async function kafkaPerfTest(
  topic: string,
  records: number,
  recordSize: number,
): Promise<{ perSecond: number; line: string }> {
  const { classpath, log4j } = kafkaToolsLaunch();
  const { stdout } = await run(
    'java',
    [
      '-Xms256m',
      '-Xmx512m',
      `-Dlog4j2.configurationFile=${log4j}`,
      '-cp',
      classpath,
      'org.apache.kafka.tools.ProducerPerformance',
      '--topic',
      topic,
      '--num-records',
      String(records),
      '--record-size',
      String(recordSize),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${info.kafka.plaintext}`,
      'acks=all',
      'enable.idempotence=true',
      'compression.type=none',
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const line = stdout.trim().split('\n').pop() ?? '';
  const m = /([\d.]+) records\/sec/.exec(line);
  if (!m) throw new Error(`unexpected ProducerPerformance output: ${stdout}`);
  return { perSecond: Number(m[1]), line };
}

async function ingestorRun(
  prefix: string,
  batchMax: number,
  producers: number,
  createSource: (ctx: SourceContext) => Source,
): Promise<{ perSecond: number; seconds: number; published: number }> {
  const logger = createLogger({ name: 'ingestor-bench', level: 'warn', pretty: false });
  const kafka = new Kafka({
    ...kafkaClientConfig(settings(prefix), { clientId: 'ingestor-bench', logger }),
    logLevel: logLevel.NOTHING,
  });
  const registry = createMetricsRegistry('ingestor', false);
  const catalog = topicCatalog(prefix);
  const ingestor = createIngestor({
    logger,
    registry,
    readiness: new Readiness(),
    producer: createIngestorProducers(kafka, producers),
    topics: {
      raw: catalog.raw.name,
      corporateActions: catalog.corporateActions.name,
      dlq: catalog.dlq.name,
    },
    createSource,
    config: {
      publisher: {
        batchMax,
        lingerMs: 10,
        bufferMax: 200_000,
        stallMs: 10_000,
        compression: 'none',
      },
      shutdownGraceMs: 10_000,
    },
  });
  const started = performance.now();
  await ingestor.start();
  const outcome = await ingestor.done;
  const seconds = (performance.now() - started) / 1000;
  await ingestor.stop(10_000);
  if (outcome.kind === 'failed') throw outcome.error;
  const published = (await ingestor.metrics.published.get()).values.reduce(
    (n, v) => n + v.value,
    0,
  );
  return { perSecond: published / seconds, seconds, published };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ingestor-bench-'));
  const prefix = `bench-ing-${Date.now().toString(36)}`;
  await provisionPrefix(info, prefix, 6);
  const rawTopic = topicCatalog(prefix).raw.name;
  const results: string[] = [];
  const row = (name: string, perSecond: number, baseline: number, note = '') => {
    const line = `| ${name} | ${Math.round(perSecond).toLocaleString('en-US')} | ${((perSecond / baseline) * 100).toFixed(0)}% | ${note} |`;
    results.push(line);
    console.log(line);
  };
  try {
    // The input: simulated bars, written once as a replay file; its mean size is the perf test's record size.
    const started = performance.now();
    const lines: string[] = [];
    for (const item of generateSimulatedFeed(SEED, {
      symbols: SYMBOLS,
      startDate: '2024-03-04',
      days: 0,
    })) {
      if (item.kind !== 'event') continue;
      lines.push(JSON.stringify(item.event));
      if (lines.length >= RECORDS) break;
    }
    const genSeconds = (performance.now() - started) / 1000;
    const file = join(dir, 'feed.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const recordSize = Math.round(
      lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / lines.length,
    );
    console.log(
      `records ${RECORDS}, symbols ${SYMBOLS}, mean record ${recordSize} B, key = symbol; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}`,
    );
    console.log(
      `generator alone (generate + JSON.stringify, no Kafka): ${Math.round(RECORDS / genSeconds).toLocaleString('en-US')} msg/s`,
    );

    for (let round = 1; round <= RUNS; round++) {
      console.log(
        `\nround ${round} of ${RUNS}: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`,
      );
      const kafkaTool = await kafkaPerfTest(rawTopic, RECORDS, recordSize);
      console.log(`kafka ProducerPerformance: ${kafkaTool.line}`);
      console.log('| run | msg/s | vs Kafka tool | notes |\n|---|---|---|---|');
      row(
        'Kafka ProducerPerformance (Java, acks=all, idempotent)',
        kafkaTool.perSecond,
        kafkaTool.perSecond,
        `${recordSize} B random payload, no key`,
      );
      const sources: [string, (ctx: SourceContext) => Source][] = [
        [
          'simulator',
          (ctx) =>
            createSimulatorSource(
              {
                symbols: SYMBOLS,
                seed: SEED,
                pace: { kind: 'max' },
                startDate: '2024-03-04',
                days: 0,
                maxMessages: RECORDS,
                extendedHours: true,
              },
              ctx,
            ),
        ],
        [
          'replay',
          (ctx) =>
            createReplaySource(
              { file, pace: { kind: 'max' }, loop: false, corporateActionsFile: undefined },
              ctx,
            ),
        ],
      ];
      for (const batchMax of BATCHES) {
        for (const producers of PRODUCERS) {
          for (const [name, createSource] of sources) {
            const run = await ingestorRun(prefix, batchMax, producers, createSource);
            row(
              `ingestor ${name} → raw (INGEST_BATCH_MAX=${batchMax}, INGEST_PRODUCERS=${producers})`,
              run.perSecond,
              kafkaTool.perSecond,
              `${run.published} records acked in ${run.seconds.toFixed(1)} s`,
            );
          }
        }
      }
    }
    console.log(`load average after: ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    await deletePrefixTopics(info, prefix).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
