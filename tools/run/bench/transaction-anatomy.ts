/**
 * Benchmark (not a test): what one exactly-once commit costs on this broker, request by request.
 * Runs transactions shaped like the enricher's (records to the enriched, latest and changelog
 * topics of one partition, sendOffsets, commit) back to back, with 1 producer and then with 6
 * concurrent ones (the enricher runs one transactional producer per input partition), and prints
 * the transaction time and, from kafkajs' request instrumentation, the time per Kafka API and how
 * many AddPartitionsToTxn the broker answered CONCURRENT_TRANSACTIONS (retried by kafkajs).
 *
 * `--cache-coordinators` is an experiment for the proposed fix: kafkajs looks the coordinator up
 * again for every transactional request; this memoises `Cluster.findGroupCoordinator` per
 * cluster (safe only here: a single broker never moves a coordinator).
 *
 *   npx tsx tools/run/bench/transaction-anatomy.ts [--transactions 100] [--records 300] [--cache-coordinators]
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import kafkajs, { type Producer } from 'kafkajs';
import { topicName } from '@marketfeed/kafka';
import { deletePrefixTopics, provisionPrefix, readStackInfo } from '@marketfeed/stack';
import { percentile } from '../src/feed-watcher.js';

const { Kafka, logLevel, Partitioners } = kafkajs;
const { values } = parseArgs({
  options: {
    transactions: { type: 'string', default: '100' },
    records: { type: 'string', default: '300' },
    'cache-coordinators': { type: 'boolean', default: false },
  },
});
const TRANSACTIONS = Number(values.transactions);
const RECORDS = Number(values.records);
const stack = readStackInfo();

type FindCoordinator = (
  this: object,
  args: { groupId: string; coordinatorType?: number },
) => Promise<unknown>;
if (values['cache-coordinators']) {
  const Cluster = createRequire(import.meta.url)('kafkajs/src/cluster/index.js') as {
    prototype: { findGroupCoordinator: FindCoordinator };
  };
  const find = Cluster.prototype.findGroupCoordinator;
  const caches = new WeakMap<object, Map<string, Promise<unknown>>>();
  Cluster.prototype.findGroupCoordinator = function (args) {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    const key = `${args.coordinatorType ?? 0}:${args.groupId}`;
    let found = cache.get(key);
    if (!found) {
      cache.set(key, (found = find.call(this, args)));
      found.catch(() => cache.delete(key));
    }
    return found;
  };
}
const prefix = `bench-txn-${randomBytes(4).toString('hex')}`;

type Tally = {
  durations: number[];
  requests: Map<string, { n: number; ms: number }>;
  concurrent: number;
};

async function runProducers(count: number): Promise<Tally> {
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

function report(label: string, t: Tally): void {
  const n = t.durations.length;
  console.log(
    `\n${label}: ${n} transactions of ${RECORDS} records; per transaction p50 ${percentile(t.durations, 0.5)?.toFixed(0)} ms, p99 ${percentile(t.durations, 0.99)?.toFixed(0)} ms; CONCURRENT_TRANSACTIONS answers ${t.concurrent} (${(t.concurrent / n).toFixed(2)} per transaction); load ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    '| Kafka API | requests | per transaction | mean ms | ms per transaction |\n|---|---|---|---|---|',
  );
  for (const [api, r] of [...t.requests].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      `| ${api} | ${r.n} | ${(r.n / n).toFixed(2)} | ${(r.ms / r.n).toFixed(1)} | ${(r.ms / n).toFixed(1)} |`,
    );
}

async function main(): Promise<void> {
  console.log(
    `prefix ${prefix}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await provisionPrefix(stack, prefix);
  try {
    report('1 producer', await runProducers(1));
    report('6 producers at once (one per input partition, as the enricher)', await runProducers(6));
  } finally {
    await deletePrefixTopics(stack, prefix).catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
