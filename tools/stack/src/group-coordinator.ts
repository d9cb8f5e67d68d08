/**
 * Kafka's rule for which `__consumer_offsets` partition (and so which coordinator) owns a
 * consumer group: `Utils.abs(groupId.hashCode()) % partitions`, with Java's String.hashCode and
 * `abs` as `& 0x7fffffff`.
 */
export function offsetsPartitionOf(groupId: string, partitions: number): number {
  let hash = 0;
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(31, hash) + groupId.charCodeAt(i)) | 0;
  return (hash & 0x7fffffff) % partitions;
}

/**
 * Group names that together land on every `__consumer_offsets` partition, so describing them
 * asks every group coordinator once. A fresh broker creates that topic on the first
 * FindCoordinator and then loads each partition; until all are loaded a consumer's first join
 * can be answered COORDINATOR_LOAD_IN_PROGRESS.
 */
export function groupsCoveringEveryOffsetsPartition(partitions: number, stem: string): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < partitions; i++) {
    const name = `${stem}-${i}`;
    const partition = offsetsPartitionOf(name, partitions);
    if (!byPartition.has(partition)) byPartition.set(partition, name);
  }
  return [...byPartition.values()];
}
