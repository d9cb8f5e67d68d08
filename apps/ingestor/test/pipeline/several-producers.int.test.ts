import { describe, expect, it } from 'vitest';
import { topicCatalog } from '@marketfeed/kafka';
import { generateSimulatedFeed } from '../../src/sources/simulator/generate.js';
import { createSimulatorSource } from '../../src/sources/simulator/simulator-source.js';
import type { Pace } from '../../src/sources/pace.js';
import {
  buildIngestor,
  createNetworkSwitch,
  provisionedPrefixes,
  readTopic,
  until,
} from '../kafka-test-env.js';

const freshPrefix = provisionedPrefixes();
const SYMBOLS = 40;
const SEED = 11;

const simulator =
  (total: number, pace: Pace) => (ctx: Parameters<typeof createSimulatorSource>[1]) =>
    createSimulatorSource(
      {
        symbols: SYMBOLS,
        seed: SEED,
        pace,
        startDate: '2024-03-04',
        days: 0,
        maxMessages: total,
        extendedHours: true,
      },
      ctx,
    );

/** Each symbol's raw events as generated: the simulator's count includes its corporate actions. */
function expectedBySymbol(total: number): Map<string, string[]> {
  const expected = new Map<string, string[]>();
  let n = 0;
  for (const item of generateSimulatedFeed(SEED, { symbols: SYMBOLS, startDate: '2024-03-04' })) {
    if (n++ >= total) break;
    if (item.kind !== 'event') continue;
    const list = expected.get(item.event.S) ?? [];
    list.push(JSON.stringify(item.event));
    expected.set(item.event.S, list);
  }
  return expected;
}

/** What reached the raw topic, per symbol: readTopic returns each partition in offset order. */
async function rawBySymbol(prefix: string): Promise<Map<string, string[]>> {
  const got = new Map<string, string[]>();
  for (const r of await readTopic(topicCatalog(prefix).raw.name)) {
    const list = got.get(r.key!) ?? [];
    list.push(r.value);
    got.set(r.key!, list);
  }
  return got;
}

describe('several producers', () => {
  it('deliver every record once, each symbol in the order generated, as the ingestor user', async () => {
    const prefix = await freshPrefix();
    const total = 20_000;
    const { ingestor } = buildIngestor(prefix, simulator(total, { kind: 'max' }), {
      producers: 3,
      publisher: { batchMax: 500 },
    });
    await ingestor.start();
    const outcome = await ingestor.done;
    await ingestor.stop(5_000);
    expect(outcome.kind).toBe('finished');
    expect(await rawBySymbol(prefix)).toEqual(expectedBySymbol(total));
  });

  it('lose, double and reorder nothing across a Kafka outage', async () => {
    const prefix = await freshPrefix();
    const total = 6000;
    const net = createNetworkSwitch();
    const { ingestor } = buildIngestor(
      prefix,
      simulator(total, { kind: 'rate', perSecond: 1500 }),
      {
        producers: 3,
        socketFactory: net.factory,
        publisher: { batchMax: 200, stallMs: 500 },
      },
    );
    const published = async () =>
      Number((await ingestor.metrics.published.get()).values.reduce((n, v) => n + v.value, 0));
    await ingestor.start();
    await until('first records published', async () => (await published()) > 1000);
    net.off();
    await until(
      'records pile up in the buffer',
      async () => (await ingestor.metrics.bufferDepth.get()).values[0]!.value >= 1000,
    );
    net.on();
    const outcome = await ingestor.done;
    await ingestor.stop(5_000);
    expect(outcome.kind).toBe('finished');
    expect(await rawBySymbol(prefix)).toEqual(expectedBySymbol(total));
  });
});
