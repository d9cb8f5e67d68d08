import { Partitioners, type PartitionMetadata } from 'kafkajs';

/**
 * Which of `lanes` producers a record goes through: kafkajs' own murmur2 partitioner over `lanes`
 * pseudo-partitions, so a key always takes the same lane (one symbol, one producer, one request in
 * flight: its order holds) and, when the lane count divides the topic's partition count, each
 * partition is written by exactly one lane. Records without a key are spread round-robin.
 */
export function laneAssigner(lanes: number): (topic: string, key: string | null) => number {
  if (lanes <= 1) return () => 0;
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: lanes }, (_, i) => ({
    partitionId: i,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return (topic, key) => partitioner({ topic, partitionMetadata, message: { key, value: null } });
}
