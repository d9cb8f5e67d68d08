import { describe, expect, it } from 'vitest';
import {
  groupsCoveringEveryOffsetsPartition,
  offsetsPartitionOf,
} from '../src/group-coordinator.js';

describe("Kafka's group to __consumer_offsets partition rule", () => {
  it("matches Java's String.hashCode, including a negative hash", () => {
    // "hello".hashCode() = 99162322; "polygenelubricants".hashCode() = Integer.MIN_VALUE.
    expect(offsetsPartitionOf('hello', 50)).toBe(99162322 % 50);
    expect(offsetsPartitionOf('polygenelubricants', 7)).toBe(0);
    // "marketfeed-enricher" hashes negative: abs is taken by masking the sign bit, as Kafka does.
    let h = 0;
    for (const c of 'marketfeed-enricher') h = (Math.imul(31, h) + c.charCodeAt(0)) | 0;
    expect(h).toBeLessThan(0);
    expect(offsetsPartitionOf('marketfeed-enricher', 6)).toBe((h & 0x7fffffff) % 6);
  });

  it('finds one group per partition, so readiness asks every coordinator', () => {
    const groups = groupsCoveringEveryOffsetsPartition(6, 'stack-readiness');
    expect(groups).toHaveLength(6);
    expect(new Set(groups.map((g) => offsetsPartitionOf(g, 6)))).toEqual(
      new Set([0, 1, 2, 3, 4, 5]),
    );
  });
});
