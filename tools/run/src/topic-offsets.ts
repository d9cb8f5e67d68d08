import type { Admin } from 'kafkajs';

/**
 * Sum of a topic's end offsets (high watermarks). For a topic written without transactions
 * (raw, and the ingestor's and sink's DLQ records) the growth of this sum over a run is exactly
 * the number of records written, whether or not the writer lived long enough to be polled.
 */
export async function endOffsetSum(admin: Admin, topic: string): Promise<bigint> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + BigInt(p.high), 0n);
}

/** Growth of a counter read twice, clamped at zero (a recreated topic starts over). */
export function growth(before: bigint | undefined, after: bigint | undefined): number | undefined {
  if (before === undefined || after === undefined) return undefined;
  return after > before ? Number(after - before) : 0;
}
