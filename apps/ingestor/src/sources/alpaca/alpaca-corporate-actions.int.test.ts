import { describe, expect, it } from 'vitest';
import type { AlpacaConfig } from '../../config.js';
import { wireBar, wireForwardSplit } from '../../../test/fake-alpaca.js';
import { readTopic, topicCount, until, waitForCount } from '../../../test/kafka-test-env.js';
import { newYorkDate } from './corporate-actions.js';
import { alpacaOnStack } from '../../../test/alpaca-on-stack.js';

const start = alpacaOnStack();

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const minute = (k: number) =>
  new Date((Math.floor(Date.now() / 60_000) - k) * 60_000).toISOString().replace('.000Z', 'Z');

const setup = (overrides: Partial<AlpacaConfig>) =>
  start(() => ({
    symbols: ['AAPL', 'NVDA'],
    backfill: false,
    corporateActions: true,
    ...overrides,
  }));

describe('corporate actions from the Alpaca REST API', () => {
  it('publishes a split keyed by corporateActionKey, acknowledged before the stream sends any bar', async () => {
    const today = newYorkDate(Date.now());
    const tomorrow = addDays(today, 1);
    const { fake, raw, corporateActions, ingestor, registry } = await setup({});
    fake.corporateActions = {
      forward_splits: [
        wireForwardSplit('NVDA', tomorrow, 10, 1),
        // Not a subscribed symbol, and outside the lookahead: neither is served.
        wireForwardSplit('MSFT', tomorrow, 2, 1),
        wireForwardSplit('AAPL', addDays(today, 30), 4, 1),
      ],
      cash_dividends: [],
    };
    await ingestor.start();
    await until('subscribed', () => fake.subscribedClients === 1);
    // The moment the stream can send data, the split is already on the broker.
    expect(await topicCount(corporateActions)).toBe(1);
    const caRequests = fake.restRequests
      .map((u, i) => ({ u, connectionsBefore: fake.connectionsAtRestRequest[i] }))
      .filter(({ u }) => u.pathname === '/v1/corporate-actions');
    expect(caRequests).toHaveLength(1);
    expect(caRequests[0]!.connectionsBefore).toBe(0);
    const q = caRequests[0]!.u.searchParams;
    expect(q.get('symbols')).toBe('AAPL,NVDA');
    expect(q.get('types')).toBe('forward_split,reverse_split,cash_dividend');
    expect(q.get('start')).toBe(addDays(today, -7));
    expect(q.get('end')).toBe(addDays(today, 7));

    fake.push([wireBar('NVDA', minute(1), 1)]);
    const bars = await waitForCount(raw, 1);
    const [split] = await readTopic(corporateActions);
    expect(split!.key).toBe(`NVDA:forward_split:${tomorrow}`);
    expect(JSON.parse(split!.value)).toEqual({
      type: 'forward_split',
      symbol: 'NVDA',
      new_rate: 10,
      old_rate: 1,
      ex_date: tomorrow,
      process_date: tomorrow,
      record_date: tomorrow,
      payable_date: tomorrow,
      id: `fs-NVDA-${tomorrow}`,
    });
    expect(split!.timestamp).toBeLessThanOrEqual(bars[0]!.timestamp);
    expect(
      await registry.getSingleMetricAsString('ingestor_corporate_actions_published_total'),
    ).toMatch(
      /ingestor_corporate_actions_published_total\{type="forward_split",service="ingestor"\} 1|ingestor_corporate_actions_published_total\{service="ingestor",type="forward_split"\} 1/,
    );
    await ingestor.stop(5_000);
  });

  it('with SYMBOLS=*, fetches without a symbol filter; a failed fetch is counted and the stream still runs', async () => {
    const { fake, raw, corporateActions, ingestor, registry } = await setup({ symbols: ['*'] });
    // A 4xx is not retried by the SDK: the cycle fails at once.
    fake.failNextCorporateActions = 1;
    fake.corporateActionsFailStatus = 422;
    await ingestor.start();
    await until('subscribed', () => fake.subscribedClients === 1);
    fake.push([wireBar('ZZZ', minute(1), 1)]);
    await waitForCount(raw, 1);
    expect(await topicCount(corporateActions)).toBe(0);
    expect(
      await registry.getSingleMetricAsString('ingestor_corporate_actions_fetch_errors_total'),
    ).toMatch(/ingestor_corporate_actions_fetch_errors_total\{service="ingestor"\} 1/);
    const ca = fake.restRequests.filter((u) => u.pathname === '/v1/corporate-actions');
    expect(ca).toHaveLength(1);
    expect(ca[0]!.searchParams.has('symbols')).toBe(false);
    await ingestor.stop(5_000);
  });
});
