import { describe, expect, it } from 'vitest';
import { topicCatalog } from '@marketfeed/kafka';
import { generateSimulatedFeed } from '../../src/sources/simulator/generate.js';
import { createSimulatorSource } from '../../src/sources/simulator/simulator-source.js';
import { buildIngestor, provisionedPrefixes, readTopic } from '../kafka-test-env.js';

const freshPrefix = provisionedPrefixes();

describe('several producers', () => {
  it('deliver every record once, each symbol in the order generated, as the ingestor user', async () => {
    const prefix = await freshPrefix();
    const total = 20_000;
    const symbols = 40;
    const { ingestor } = buildIngestor(
      prefix,
      (ctx) =>
        createSimulatorSource(
          {
            symbols,
            seed: 11,
            pace: { kind: 'max' },
            startDate: '2024-03-04',
            days: 0,
            maxMessages: total,
            extendedHours: true,
          },
          ctx,
        ),
      {
        producers: 3,
        publisher: { batchMax: 500 },
      },
    );
    await ingestor.start();
    const outcome = await ingestor.done;
    await ingestor.stop(5_000);
    expect(outcome.kind).toBe('finished');

    const expected = new Map<string, string[]>();
    let n = 0;
    // The simulator's message count includes its corporate actions (another topic).
    for (const item of generateSimulatedFeed(11, { symbols, startDate: '2024-03-04' })) {
      if (n++ >= total) break;
      if (item.kind !== 'event') continue;
      const list = expected.get(item.event.S) ?? [];
      list.push(JSON.stringify(item.event));
      expected.set(item.event.S, list);
    }
    const got = new Map<string, string[]>();
    // readTopic returns each partition in offset order, and a symbol lives in one partition.
    for (const r of await readTopic(topicCatalog(prefix).raw.name)) {
      const list = got.get(r.key!) ?? [];
      list.push(r.value);
      got.set(r.key!, list);
    }
    expect(got).toEqual(expected);
  });
});
