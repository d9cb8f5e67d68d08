import { describe, expect, it } from 'vitest';
import { topicCatalog } from '@marketfeed/kafka';
import { wireBar } from '../../../test/fake-alpaca.js';
import { until, waitForCount } from '../../../test/kafka-test-env.js';
import { alpacaOnStack } from '../../../test/alpaca-on-stack.js';

const setup = alpacaOnStack();

describe('Alpaca stream v2 into Kafka', () => {
  it('authenticates over msgpack, subscribes, and publishes each message keyed by symbol; invalid ones go to the DLQ', async () => {
    const { prefix, fake, ingestor, readiness } = await setup();
    await ingestor.start();
    await until('subscribed', () => fake.subscribedClients === 1);
    await until('ready', async () => (await readiness.evaluate()).ready);
    fake.push([
      wireBar('AAPL', '2024-01-02T14:30:00Z', 1),
      wireBar('MSFT', '2024-01-02T14:30:00Z', 2),
      { ...wireBar('AAPL', '2024-01-02T14:30:00Z', 3), T: 'u' },
      { ...wireBar('AAPL', '2024-01-02T05:00:00Z', 4), T: 'd' },
      {
        T: 's',
        S: 'MSFT',
        sc: 'H',
        sm: 'Trading Halt',
        rc: 'T12',
        rm: 'Additional Information Requested',
        t: '2024-01-02T15:00:00.123456789Z',
        z: 'C',
      },
      { ...wireBar('MSFT', '2024-01-02T14:31:00Z', 5), h: 1, l: 2 },
      wireBar('TSLA', '2024-01-02T14:31:00Z', 6),
    ]);
    const catalog = topicCatalog(prefix);
    const raw = await waitForCount(catalog.raw.name, 5);
    const byKey = raw.map((r) => [r.key, JSON.parse(r.value)] as const);
    expect(byKey.map(([k, v]) => `${k}:${v.T}:${v.t}`).sort()).toEqual(
      [
        'AAPL:b:2024-01-02T14:30:00Z',
        'MSFT:b:2024-01-02T14:30:00Z',
        'AAPL:u:2024-01-02T14:30:00Z',
        'AAPL:d:2024-01-02T05:00:00Z',
        'MSFT:s:2024-01-02T15:00:00.123456789Z',
      ].sort(),
    );
    expect(byKey.find(([, v]) => v.T === 'b' && v.S === 'MSFT')?.[1]).toEqual(
      wireBar('MSFT', '2024-01-02T14:30:00Z', 2),
    );
    const dlq = await waitForCount(catalog.dlq.name, 1);
    expect(dlq.map((r) => r.key)).toEqual(['MSFT']);
    await ingestor.stop(5_000);
  });

  it('exits on bad credentials (402) with a message that says what to fix', async () => {
    const { ingestor, readiness } = await setup(() => ({ secretKey: 'wrong' }));
    await ingestor.start();
    const outcome = await ingestor.done;
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.error.message).toMatch(
      /402 \(auth failed\).*ALPACA_KEY_ID/,
    );
    expect((await readiness.evaluate()).checks.source?.ok).toBe(false);
    await ingestor.stop(2_000);
  });

  it('exits on a feed the account lacks (409 insufficient subscription)', async () => {
    const { ingestor } = await setup((f) => ({ feed: 'sip', streamUrl: f.streamUrl('sip') }));
    await ingestor.start();
    const outcome = await ingestor.done;
    expect(outcome.kind === 'failed' && outcome.error.message).toMatch(
      /409 \(insufficient subscription\).*ALPACA_FEED=iex/,
    );
    await ingestor.stop(2_000);
  });

  it('reports 406 (connection limit) as not ready and recovers when the other connection goes away', async () => {
    const { fake, ingestor, readiness, registry } = await setup();
    fake.rejectNextWith406 = 2;
    await ingestor.start();
    await until('a 406 seen', async () =>
      (await registry.getSingleMetricAsString('ingestor_source_errors_total')).includes(
        'code="406"',
      ),
    );
    await until('subscribed after retrying', () => fake.subscribedClients === 1);
    await until('ready', async () => (await readiness.evaluate()).ready);
    expect(fake.connections).toBeGreaterThanOrEqual(3);
    await ingestor.stop(2_000);
  });
});
