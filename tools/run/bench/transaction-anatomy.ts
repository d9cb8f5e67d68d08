/**
 * Benchmark (not a test): what one exactly-once commit costs on this broker, request by request,
 * with and without the coordinator cache `createKafka` installs (packages/kafka
 * coordinator-cache.ts). Runs transactions shaped like the enricher's (records to the enriched,
 * latest and changelog topics of one partition, sendOffsets, commit) back to back, with 1 producer
 * and then with 6 concurrent ones (the enricher runs one transactional producer per input
 * partition), and prints the transaction time and, from kafkajs' request instrumentation, the time
 * per Kafka API and how many AddPartitionsToTxn the broker answered CONCURRENT_TRANSACTIONS
 * (retried by kafkajs).
 *
 * Each round runs both modes, alternating which goes first, so the two see the same machine:
 * `none` is kafkajs alone (a FindCoordinator before every transactional request), `cached` is the
 * same client with the shipped cache (`cacheCoordinatorLookups`, what createKafka does).
 *
 *   npx tsx tools/run/bench/transaction-anatomy.ts [--transactions 40] [--records 300] [--rounds 2]
 */
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import kafkajs, { type Producer } from 'kafkajs';
import { cacheCoordinatorLookups, topicName } from '@marketfeed/kafka';
import { createLogger } from '@marketfeed/service';
import { deletePrefixTopics, provisionPrefix, readStackInfo } from '@marketfeed/stack';
import { percentile } from '../src/feed-watcher.js';

const { Kafka, logLevel, Partitioners } = kafkajs;
const { values } = parseArgs({
  options: {
    transactions: { type: 'string', default: '40' },
    records: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '2' },
  },
});
const TRANSACTIONS = Number(values.transactions);
const RECORDS = Number(values.records);
const ROUNDS = Number(values.rounds);
const stack = readStackInfo();
/** kafkajs' name for FindCoordinator in its request instrumentation. */
const FIND_COORDINATOR = 'GroupCoordinator';
type Mode = 'none' | 'cached';
const prefix = `bench-txn-${randomBytes(4).toString('hex')}`;

type Tally = {
  durations: number[];
  requests: Map<string, { n: number; ms: number }>;
  concurrent: number;
};

async function runProducers(count: number, mode: Mode): Promise<Tally> {
  const tally: Tally = { durations: [], requests: new Map(), concurrent: 0 };
  const kafka = new Kafka({
    clientId: 'txn-anatomy',
    brokers: [stack.kafka.plaintext],
    logLevel: logLevel.ERROR,
    // kafkajs logs each CONCURRENT_TRANSACTIONS answer before it retries: count them.
    logCreator: () => (entry) => {
      if (/concurrent operation on the same transaction/i.test(entry.log.message))
        tally.concurrent++;
    },
  });
  if (mode === 'cached')
    cacheCoordinatorLookups(kafka, {
      logger: createLogger({ name: 'txn-anatomy', level: 'warn', pretty: false }),
    });
  const producers: Producer[] = [];
  for (let p = 0; p < count; p++) {
    const producer = kafka.producer({
      transactionalId: `${prefix}-enricher-${p}`,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // The exactly-once package's retry (packages/exactly-once/src/producer-config.ts).
      retry: {
        initialRetryTime: 15,
        maxRetryTime: 5_000,
        retries: Number.MAX_SAFE_INTEGER,
        factor: 0.2,
        multiplier: 2,
      },
    });
    producer.on(producer.events.REQUEST, (e) => {
      const r = tally.requests.get(e.payload.apiName) ?? { n: 0, ms: 0 };
      r.n++;
      r.ms += e.payload.duration;
      tally.requests.set(e.payload.apiName, r);
    });
    await producer.connect();
    producers.push(producer);
  }
  const value = 'x'.repeat(700); // an enriched record's size
  await Promise.all(
    producers.map(async (producer, partition) => {
      for (let i = 0; i < TRANSACTIONS; i++) {
        const started = performance.now();
        const txn = await producer.transaction();
        const messages = Array.from({ length: RECORDS }, (_, k) => ({
          key: `S${k % 8}`,
          value,
          partition,
        }));
        await txn.sendBatch({
          acks: -1,
          topicMessages: [
            { topic: topicName(prefix, 'enriched'), messages },
            { topic: topicName(prefix, 'latest'), messages: messages.slice(0, 8) },
            {
              topic: topicName(prefix, 'enricherState'),
              messages: [{ key: '__committed', value: String(i), partition }],
            },
          ],
        });
        await txn.sendOffsets({
          consumerGroupId: `${prefix}-enricher`,
          topics: [
            { topic: topicName(prefix, 'raw'), partitions: [{ partition, offset: String(i) }] },
          ],
        });
        await txn.commit();
        tally.durations.push(performance.now() - started);
      }
    }),
  );
  await Promise.all(producers.map((p) => p.disconnect()));
  return tally;
}

const ms = (v: number | undefined): string => (v === undefined ? '-' : v.toFixed(0));
const perTxn = (t: Tally, api: string): number =>
  (t.requests.get(api)?.n ?? 0) / Math.max(1, t.durations.length);

function report(label: string, t: Tally): void {
  const n = t.durations.length;
  console.log(
    `\n${label}: ${n} transactions of ${RECORDS} records; per transaction p50 ${ms(percentile(t.durations, 0.5))} ms, p99 ${ms(percentile(t.durations, 0.99))} ms; CONCURRENT_TRANSACTIONS answers ${t.concurrent} (${(t.concurrent / n).toFixed(2)} per transaction); load ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    '| Kafka API | requests | per transaction | mean ms | ms per transaction |\n|---|---|---|---|---|',
  );
  for (const [api, r] of [...t.requests].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      `| ${api === FIND_COORDINATOR ? 'FindCoordinator' : api} | ${r.n} | ${(r.n / n).toFixed(2)} | ${(r.ms / r.n).toFixed(1)} | ${(r.ms / n).toFixed(1)} |`,
    );
}

interface Row {
  round: number;
  order: number;
  mode: Mode;
  producers: number;
  tally: Tally;
  load: number;
}

async function main(): Promise<void> {
  console.log(
    `prefix ${prefix}; ${ROUNDS} rounds of none/cached interleaved, ${TRANSACTIONS} transactions per producer; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await provisionPrefix(stack, prefix);
  const rows: Row[] = [];
  try {
    let order = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const modes: Mode[] = round % 2 === 1 ? ['none', 'cached'] : ['cached', 'none'];
      for (const mode of modes) {
        order++;
        for (const producers of [1, 6]) {
          const tally = await runProducers(producers, mode);
          rows.push({ round, order, mode, producers, tally, load: loadavg()[0]! });
          report(`round ${round}, coordinators ${mode}, ${producers} producer(s)`, tally);
        }
      }
    }
  } finally {
    await deletePrefixTopics(stack, prefix).catch(() => undefined);
  }

  console.log(
    '\n| order | coordinators | 1 producer p50 / p99 ms | 6 producers p50 / p99 ms | FindCoordinator per txn (6) | CONCURRENT_TRANSACTIONS per txn (6) | load |\n|---|---|---|---|---|---|---|',
  );
  for (const order of [...new Set(rows.map((r) => r.order))]) {
    const [one, six] = [1, 6].map((p) => rows.find((r) => r.order === order && r.producers === p)!);
    console.log(
      `| ${order} | ${one!.mode} | ${ms(percentile(one!.tally.durations, 0.5))} / ${ms(percentile(one!.tally.durations, 0.99))} | ${ms(percentile(six!.tally.durations, 0.5))} / ${ms(percentile(six!.tally.durations, 0.99))} | ${perTxn(six!.tally, FIND_COORDINATOR).toFixed(2)} | ${(six!.tally.concurrent / six!.tally.durations.length).toFixed(2)} | ${six!.load.toFixed(1)} |`,
    );
  }
  // Paired per round: both modes ran back to back on the same machine.
  for (const producers of [1, 6]) {
    const ratios: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const p50 = (mode: Mode) =>
        percentile(
          rows.find((r) => r.round === round && r.mode === mode && r.producers === producers)!.tally
            .durations,
          0.5,
        )!;
      ratios.push((p50('cached') / p50('none')).toFixed(2));
    }
    console.log(`${producers} producer(s): p50 cached / none per round: ${ratios.join(', ')}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
