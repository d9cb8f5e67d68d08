import type { Admin } from 'kafkajs';

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: bigint;
  end: bigint;
  lag: bigint;
}

/** Consumer lag per partition = high watermark - committed offset (no commit: whole log). */
export async function consumerGroupLag(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<PartitionLag[]> {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const committedByPartition = new Map<number, bigint>();
  for (const t of committed) {
    for (const p of t.partitions) committedByPartition.set(p.partition, BigInt(p.offset));
  }
  return ends.map((e) => {
    const end = BigInt(e.high);
    const low = BigInt(e.low);
    const c = committedByPartition.get(e.partition) ?? -1n;
    const base = c < 0n ? low : c;
    return { topic, partition: e.partition, committed: c, end, lag: end > base ? end - base : 0n };
  });
}
