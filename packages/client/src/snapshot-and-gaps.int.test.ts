import { addCustomer } from '@marketfeed/feedctl';
import {
  barMessage,
  useCustomerWorld,
  enrichedBar,
  eventually,
  hex,
  plaintextKafka,
} from '@marketfeed/feedctl/int-test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { createFeedClient, type FeedClient, type FeedEvent } from './feed-client.js';

const world = useCustomerWorld();
const { prefix, target } = world;
const name = world.customer();
let client: FeedClient | undefined;

const summary = (e: FeedEvent): string => {
  switch (e.type) {
    case 'bar':
      return `${e.phase} ${e.bar.symbol}#${e.bar.seq}`;
    case 'gap':
      return `gap ${e.symbol} expected ${e.expected} got ${e.got} missing ${e.missing}`;
    case 'duplicate':
      return `duplicate ${e.symbol}#${e.seq}`;
    case 'invalid':
      return `invalid ${e.key ?? 'null'}`;
    case 'snapshot-complete':
      return `snapshot-complete ${e.records}`;
    case 'following':
      return 'following';
  }
};

describe('the consumer client bootstraps from latest, follows enriched and reports an injected seq gap', () => {
  afterAll(async () => {
    await client?.stop();
  }, 60_000);

  it('delivers the snapshot, skips what it already reflects, and reports the gap, the duplicate and the bad record', async () => {
    // History: enriched holds AAA 1..3 and BBB 1; latest (written in transactions, as the
    // enricher does) holds the last bar of each.
    const kafka = plaintextKafka(target);
    const tx = kafka.producer({
      transactionalId: `${prefix}-test-${hex()}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await tx.connect();
    const t = await tx.transaction();
    await t.send({
      topic: `${prefix}.enriched`,
      messages: [1, 2, 3]
        .map((s) => barMessage(enrichedBar('AAA', s)))
        .concat(barMessage(enrichedBar('BBB', 1))),
    });
    await t.send({
      topic: `${prefix}.latest`,
      messages: [barMessage(enrichedBar('AAA', 3)), barMessage(enrichedBar('BBB', 1))],
    });
    await t.commit();

    const added = await addCustomer(world.deps, name, ['enriched', 'latest']);
    const password = added.password as string;
    await world.waitForLogin(added.id.username, password);

    const events: FeedEvent[] = [];
    client = createFeedClient({
      brokers: [target.customerBootstrap],
      caFile: target.customerCaFile,
      username: added.id.username,
      password,
      topicPrefix: prefix,
      groupId: `${added.id.groupPrefix}test`,
    });
    const running = client.run((e) => void events.push(e));
    running.catch(() => undefined);
    await eventually(
      async () => events.some((e) => e.type === 'snapshot-complete'),
      'the snapshot',
      60_000,
    );

    // Live records after the snapshot: AAA 3 again (a redelivery), 4, then 6 (5 is lost), BBB 2,
    // and one record that is not an enriched bar.
    const live = await tx.transaction();
    await live.send({
      topic: `${prefix}.enriched`,
      messages: [
        barMessage(enrichedBar('AAA', 3)),
        barMessage(enrichedBar('AAA', 4)),
        barMessage(enrichedBar('AAA', 6)),
        barMessage(enrichedBar('BBB', 2)),
        { key: 'AAA', value: '{"schema":"marketfeed.enriched-bar.v1","symbol":"AAA"}' },
      ],
    });
    await live.commit();
    await tx.disconnect();

    await eventually(
      async () =>
        events.filter((e) => e.type === 'bar' && e.phase === 'stream').length >= 3 &&
        events.some((e) => e.type === 'invalid'),
      'the live records',
      60_000,
    );
    await client.stop();
    await running;

    const seen = events.map(summary).filter((s) => s !== 'following');
    expect(seen.slice(0, 3).sort()).toEqual(
      ['snapshot AAA#3', 'snapshot BBB#1', 'snapshot-complete 2'].sort(),
    );
    // Per symbol, in order (the two symbols may sit on different partitions).
    expect(seen.filter((s) => s.includes('AAA') && !s.startsWith('snapshot'))).toEqual([
      'duplicate AAA#3',
      'stream AAA#4',
      'gap AAA expected 5 got 6 missing 1',
      'stream AAA#6',
      'invalid AAA',
    ]);
    expect(seen.filter((s) => s.includes('BBB') && !s.startsWith('snapshot'))).toEqual([
      'stream BBB#2',
    ]);
    const gap = events.find((e) => e.type === 'gap');
    expect(gap).toMatchObject({ topic: `${prefix}.enriched`, symbol: 'AAA', expected: 5, got: 6 });
  }, 150_000);
});
