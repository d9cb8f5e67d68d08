import { describe, expect, it } from 'vitest';
import { topicCatalog } from '@marketfeed/kafka';
import { buildIngestor, provisionedPrefixes, readTopic } from '../../../test/kafka-test-env.js';
import { createSimulatorSource } from './simulator-source.js';

const freshPrefix = provisionedPrefixes();

async function run(seed: number) {
  const prefix = await freshPrefix();
  const { ingestor } = buildIngestor(prefix, (ctx) =>
    createSimulatorSource(
      {
        symbols: 20,
        seed,
        pace: { kind: 'max' },
        startDate: '2024-03-04',
        days: 1,
        maxMessages: 4000,
        extendedHours: true,
      },
      ctx,
    ),
  );
  await ingestor.start();
  const outcome = await ingestor.done;
  await ingestor.stop(5_000);
  expect(outcome.kind).toBe('finished');
  return readTopic(topicCatalog(prefix).raw.name);
}

describe('simulator into the raw topic', () => {
  it('writes the same records to the same partitions in the same order for the same seed', async () => {
    const a = await run(42);
    const b = await run(42);
    expect(a).toHaveLength(4000);
    const shape = (rs: typeof a) => rs.map((r) => `${r.partition}|${r.offset}|${r.key}|${r.value}`);
    expect(shape(b)).toEqual(shape(a));
    // Keyed by symbol: every record of a symbol is on one partition.
    const partitionsBySymbol = new Map<string, Set<number>>();
    for (const r of a)
      partitionsBySymbol.set(
        r.key!,
        (partitionsBySymbol.get(r.key!) ?? new Set()).add(r.partition),
      );
    expect([...partitionsBySymbol.values()].every((s) => s.size === 1)).toBe(true);
    expect(partitionsBySymbol.size).toBe(20);
  });
});
