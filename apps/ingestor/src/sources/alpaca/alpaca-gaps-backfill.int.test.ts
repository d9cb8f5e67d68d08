import { describe, expect, it } from 'vitest';
import { eventually } from '@marketfeed/testkit';
import type { AlpacaConfig } from '../../config.js';
import { wireBar, type WireBar } from '../../../test/fake-alpaca.js';
import { readTopic, until, waitForCount } from '../../../test/kafka-test-env.js';
import { alpacaOnStack } from '../../../test/alpaca-on-stack.js';

const start = alpacaOnStack();

/**
 * Minute `k` minutes before the minute the test file started in, as Alpaca stamps bars. Fixed
 * once: a test that crosses a minute boundary between building the history and pushing a
 * re-sent bar would otherwise push a different minute than it meant (CI saw exactly that).
 */
const startMinute = Math.floor(Date.now() / 60_000);
const minute = (k: number) =>
  new Date((startMinute - k) * 60_000).toISOString().replace('.000Z', 'Z');

const setup = (overrides: Partial<AlpacaConfig>, expectsData: boolean) =>
  start(() => overrides, { expectsData });

const metric = async (
  registry: { getSingleMetricAsString(n: string): Promise<string> },
  name: string,
) => registry.getSingleMetricAsString(name);
const keysOf = (records: { value: string }[]) =>
  records.map((r) => JSON.parse(r.value) as WireBar).map((b) => `${b.S}@${b.t}`);

describe('gaps in the Alpaca stream', () => {
  it('after an abrupt disconnect, reconnects and backfills exactly the minute bars it missed', async () => {
    const { fake, raw, ingestor, registry } = await setup({}, false);
    await ingestor.start();
    await until('subscribed', () => fake.subscribedClients === 1);
    const history = (S: string, seed: number) =>
      [10, 9, 8, 7, 6].map((k) => wireBar(S, minute(k), seed + k));
    fake.history.set('AAPL', history('AAPL', 100));
    fake.history.set('MSFT', history('MSFT', 200));
    // Live: the first two minutes arrive, then the network drops.
    fake.push([...fake.history.get('AAPL')!.slice(0, 2), ...fake.history.get('MSFT')!.slice(0, 2)]);
    await waitForCount(raw, 4);

    fake.dropConnections();
    const records = await waitForCount(raw, 10);
    expect(keysOf(records).sort()).toEqual(
      [...fake.history.get('AAPL')!, ...fake.history.get('MSFT')!]
        .map((b) => `${b.S}@${b.t}`)
        .sort(),
    );
    expect(await metric(registry, 'ingestor_backfilled_bars_total')).toMatch(
      /ingestor_backfilled_bars_total\{service="ingestor"\} 6/,
    );
    expect(await metric(registry, 'ingestor_gaps_total')).toContain('cause="disconnect"');
    expect(
      fake.restRequests.every(
        (u) => u.searchParams.get('feed') === 'iex' && u.searchParams.get('timeframe') === '1Min',
      ),
    ).toBe(true);

    // The stream then re-sends a backfilled minute (dropped as a duplicate) and a new one.
    await until('subscribed again', () => fake.subscribedClients === 1);
    fake.push([wireBar('AAPL', minute(6), 106), wireBar('AAPL', minute(5), 105)]);
    await waitForCount(raw, 11);
    // Two from the backfill re-reading the last minute seen before the drop, one from the stream.
    await eventually('duplicates counted', async () => {
      const text = await metric(registry, 'ingestor_duplicates_total');
      if (!text.includes('} 3')) throw new Error(text);
      return true;
    });
    const all = keysOf(await readTopic(raw));
    expect(new Set(all).size).toBe(all.length);
    await ingestor.stop(5_000);
  });

  it('treats a silent socket during market hours as a gap: reconnects and backfills', async () => {
    const { fake, raw, ingestor, registry } = await setup({ silenceMs: 1_000 }, true);
    await ingestor.start();
    await until('subscribed', () => fake.subscribedClients === 1);
    fake.history.set(
      'AAPL',
      [4, 3, 2].map((k) => wireBar('AAPL', minute(k), k)),
    );
    fake.push([fake.history.get('AAPL')![0]!]);
    await waitForCount(raw, 1);
    // The socket stays open and answers pings, but no data comes.
    fake.goSilent();
    const records = await waitForCount(raw, 3);
    expect(keysOf(records).sort()).toEqual(
      fake.history
        .get('AAPL')!
        .map((b) => `AAPL@${b.t}`)
        .sort(),
    );
    expect(await metric(registry, 'ingestor_source_reconnects_total')).toContain('cause="silence"');
    expect(await metric(registry, 'ingestor_gaps_total')).toContain('cause="silence"');
    expect(fake.connections).toBeGreaterThanOrEqual(2);
    await ingestor.stop(5_000);
  });
});
