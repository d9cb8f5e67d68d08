import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import { validateEnrichedBar, type EnrichedBarV1 } from '@marketfeed/schema';

export interface CommittedRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface ReadCommittedOptions {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  /** Group id for the reader (must be allowed by the reader's ACLs); a random suffix is added. */
  groupPrefix: string;
  timeoutMs?: number;
}

/**
 * Reads a whole topic as a customer would (read_committed: aborted and open transactions are
 * invisible) up to the end offsets it has when called, and returns its records in partition/offset
 * order.
 */
export async function readCommitted(opts: ReadCommittedOptions): Promise<CommittedRecord[]> {
  const ends = new Map<number, bigint>();
  for (const o of await opts.admin.fetchTopicOffsets(opts.topic)) {
    if (BigInt(o.high) > BigInt(o.low)) ends.set(o.partition, BigInt(o.high));
  }
  const records: CommittedRecord[] = [];
  if (ends.size === 0) return records;
  const consumer = opts.kafka.consumer({
    groupId: `${opts.groupPrefix}-verify-${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 200,
  });
  const positions = new Map<number, bigint>();
  consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
    const p = e.payload as { partition: number; lastOffset: string };
    const next = BigInt(p.lastOffset) + 1n;
    if (next > (positions.get(p.partition) ?? -1n)) positions.set(p.partition, next);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: opts.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(m.headers ?? {}))
            if (v !== undefined) headers[k] = String(v);
          records.push({
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString('utf8') ?? null,
            value: m.value?.toString('utf8') ?? null,
            headers,
            timestamp: m.timestamp,
          });
        }
      },
    });
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    while ([...ends].some(([p, end]) => (positions.get(p) ?? 0n) < end)) {
      if (Date.now() > deadline)
        throw new Error(
          `reading ${opts.topic} (read_committed) did not reach its end offsets in time`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await consumer.disconnect();
  }
  return records.sort(
    (a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1),
  );
}

export interface FeedVerification {
  /** Everything wrong with the feed; empty when it is exactly-once, gapless and (if given) equal to the baseline. */
  problems: string[];
  count: number;
  symbols: number;
  /** `symbol|timestamp|revision` -> the record's value without processing-time fields. */
  byIdentity: Map<string, string>;
}

export function identityOf(bar: Pick<EnrichedBarV1, 'symbol' | 'timestamp' | 'revision'>): string {
  return `${bar.symbol}|${bar.timestamp}|${bar.revision}`;
}

const MAX_PROBLEMS = 50;

/**
 * What customers are promised about the enriched topic: every record valid; exactly one record per
 * (symbol, timestamp, revision); per symbol one partition and `seq` 1, 2, 3... in offset order; and,
 * with a baseline from an uninterrupted run, the same records with the same values.
 */
export function verifyEnrichedFeed(
  records: readonly CommittedRecord[],
  baseline?: ReadonlyMap<string, string>,
): FeedVerification {
  const problems: string[] = [];
  const add = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else if (problems.length === MAX_PROBLEMS) problems.push('... more problems not shown');
  };
  const byIdentity = new Map<string, string>();
  const lastSeq = new Map<string, number>();
  const partitionOf = new Map<string, number>();
  for (const r of records) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.value ?? 'null');
    } catch {
      add(`p${r.partition}@${r.offset}: not JSON`);
      continue;
    }
    const v = validateEnrichedBar(parsed);
    if (!v.ok) {
      add(
        `p${r.partition}@${r.offset}: invalid enriched bar: ${v.issues.map((i) => `${i.path} ${i.reason}`).join('; ')}`,
      );
      continue;
    }
    const bar = v.value;
    if (r.key !== bar.symbol)
      add(`p${r.partition}@${r.offset}: key ${r.key} is not symbol ${bar.symbol}`);
    const id = identityOf(bar);
    if (byIdentity.has(id)) add(`duplicate ${id} at p${r.partition}@${r.offset}`);
    byIdentity.set(id, r.value!);
    const part = partitionOf.get(bar.symbol);
    if (part === undefined) partitionOf.set(bar.symbol, r.partition);
    else if (part !== r.partition)
      add(`${bar.symbol} appears in partitions ${part} and ${r.partition}`);
    const prev = lastSeq.get(bar.symbol) ?? 0;
    if (bar.seq !== prev + 1)
      add(`${bar.symbol}: seq ${bar.seq} follows ${prev} at p${r.partition}@${r.offset}`);
    lastSeq.set(bar.symbol, bar.seq);
  }
  if (baseline) {
    for (const [id, value] of baseline) {
      const got = byIdentity.get(id);
      if (got === undefined) add(`missing ${id}`);
      else if (got !== value) add(`different value for ${id}: ${got} vs baseline ${value}`);
    }
    for (const id of byIdentity.keys())
      if (!baseline.has(id)) add(`unexpected ${id} (not in baseline)`);
  }
  return { problems, count: records.length, symbols: lastSeq.size, byIdentity };
}
