import { describe, expect, it } from 'vitest';
import { createLogger } from '@marketfeed/service';
import {
  cacheClusterCoordinators,
  cacheCoordinatorLookups,
  CoordinatorCache,
  watchCoordinator,
  type CoordinatorKey,
} from '../src/coordinator-cache.js';

const logger = createLogger({ name: 't', level: 'silent' });
const TXN: CoordinatorKey = { groupId: 'p-enricher-0', coordinatorType: 1 };
const GROUP: CoordinatorKey = { groupId: 'p-enricher', coordinatorType: 0 };

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** A lookup that counts its calls and answers broker `n` for the n-th call. */
function countingFind(): { calls: () => number; find: () => Promise<{ nodeId: number }> } {
  let calls = 0;
  return { calls: () => calls, find: async () => ({ nodeId: ++calls }) };
}

describe('the coordinator cache', () => {
  it('reuses a coordinator until the TTL has passed since its answer, then looks it up again', async () => {
    const clock = manualClock();
    const cache = new CoordinatorCache<{ nodeId: number }>({ ttlMs: 3_000, now: clock.now });
    const lookup = countingFind();
    expect(await cache.get(TXN, lookup.find)).toEqual({ nodeId: 1 });
    clock.advance(2_999);
    expect(await cache.get(TXN, lookup.find)).toEqual({ nodeId: 1 });
    clock.advance(1);
    expect(await cache.get(TXN, lookup.find)).toEqual({ nodeId: 2 });
    expect(lookup.calls()).toBe(2);
  });

  it('keys entries by coordinator type and id', async () => {
    const cache = new CoordinatorCache<{ nodeId: number }>({ ttlMs: 3_000, now: () => 0 });
    const lookup = countingFind();
    await cache.get(TXN, lookup.find);
    await cache.get(GROUP, lookup.find);
    await cache.get({ groupId: TXN.groupId, coordinatorType: 0 }, lookup.find);
    await cache.get({ groupId: GROUP.groupId }, lookup.find); // kafkajs' default type is group
    expect(lookup.calls()).toBe(3);
  });

  it('never keeps a failed lookup', async () => {
    const cache = new CoordinatorCache<{ nodeId: number }>({ ttlMs: 3_000, now: () => 0 });
    let calls = 0;
    const flaky = async (): Promise<{ nodeId: number }> => {
      calls++;
      if (calls === 1) throw new Error('GROUP_COORDINATOR_NOT_AVAILABLE');
      return { nodeId: 7 };
    };
    await expect(cache.get(TXN, flaky)).rejects.toThrow('GROUP_COORDINATOR_NOT_AVAILABLE');
    expect(await cache.get(TXN, flaky)).toEqual({ nodeId: 7 });
    expect(await cache.get(TXN, flaky)).toEqual({ nodeId: 7 });
    expect(calls).toBe(2);
  });

  it('never keeps a lookup that throws before returning a promise', async () => {
    const cache = new CoordinatorCache<{ nodeId: number }>({ ttlMs: 3_000, now: () => 0 });
    const lookup = countingFind();
    await expect(
      cache.get(TXN, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await cache.get(TXN, lookup.find)).toEqual({ nodeId: 1 });
  });

  it('lets concurrent callers share one lookup in flight', async () => {
    const cache = new CoordinatorCache<{ nodeId: number }>({ ttlMs: 3_000, now: () => 0 });
    let calls = 0;
    let answer!: (b: { nodeId: number }) => void;
    const slow = (): Promise<{ nodeId: number }> => {
      calls++;
      return new Promise((r) => (answer = r));
    };
    const first = cache.get(TXN, slow);
    const second = cache.get(TXN, slow);
    expect(second).toBe(first);
    answer({ nodeId: 3 });
    expect(await Promise.all([first, second])).toEqual([{ nodeId: 3 }, { nodeId: 3 }]);
    expect(calls).toBe(1);
  });

  it('shares a failing lookup in flight too, and keeps neither', async () => {
    const cache = new CoordinatorCache<{ nodeId: number }>({ ttlMs: 3_000, now: () => 0 });
    let fail!: (e: Error) => void;
    const first = cache.get(TXN, () => new Promise((_, reject) => (fail = reject)));
    const second = cache.get(TXN, countingFind().find);
    fail(new Error('down'));
    await expect(first).rejects.toThrow('down');
    await expect(second).rejects.toThrow('down');
    expect(cache.size).toBe(0);
  });

  it('looks up again when the cached coordinator is no longer usable', async () => {
    let connected = true;
    const cache = new CoordinatorCache<{ nodeId: number }>({
      ttlMs: 3_000,
      now: () => 0,
      isUsable: () => connected,
    });
    const lookup = countingFind();
    await cache.get(TXN, lookup.find);
    connected = false;
    expect(await cache.get(TXN, lookup.find)).toEqual({ nodeId: 2 });
  });

  it('drops an entry invalidated by its own lookup, but not a newer one', async () => {
    const cache = new CoordinatorCache<{ nodeId: number }>({ ttlMs: 3_000, now: () => 0 });
    const invalidators: (() => void)[] = [];
    const lookup = countingFind();
    const find = (invalidate: () => void): Promise<{ nodeId: number }> => {
      invalidators.push(invalidate);
      return lookup.find();
    };
    await cache.get(TXN, find);
    invalidators[0]!();
    expect(await cache.get(TXN, find)).toEqual({ nodeId: 2 });
    invalidators[0]!(); // a late error from a request to the old coordinator
    expect(await cache.get(TXN, find)).toEqual({ nodeId: 2 });
    expect(lookup.calls()).toBe(2);
  });
});

describe('a watched coordinator', () => {
  class FakeBroker {
    nodeId = 1;
    answer: unknown = undefined;
    isConnected(): boolean {
      return this.nodeId === 1;
    }
    async endTxn(): Promise<string> {
      if (this.answer) throw this.answer;
      return `ended by ${this.nodeId}`;
    }
  }
  const protocolError = (code: number, type: string): Error =>
    Object.assign(new Error(type), { name: 'KafkaJSProtocolError', code, type });

  it('reports NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE and lost connections as stale', async () => {
    const broker = new FakeBroker();
    const stale: string[] = [];
    const watched = watchCoordinator(broker, (reason) => stale.push(reason));
    for (const answer of [
      protocolError(16, 'NOT_COORDINATOR_FOR_GROUP'),
      protocolError(15, 'GROUP_COORDINATOR_NOT_AVAILABLE'),
      Object.assign(new Error('Connection error: connect ECONNREFUSED'), {
        name: 'KafkaJSConnectionError',
        code: 'ECONNREFUSED',
      }),
    ]) {
      broker.answer = answer;
      await expect(watched.endTxn()).rejects.toBe(answer);
    }
    expect(stale).toEqual([
      'NOT_COORDINATOR_FOR_GROUP',
      'GROUP_COORDINATOR_NOT_AVAILABLE',
      'KafkaJSConnectionError',
    ]);
  });

  it('does not report errors that say nothing about the coordinator', async () => {
    const broker = new FakeBroker();
    const stale: string[] = [];
    const watched = watchCoordinator(broker, (reason) => stale.push(reason));
    broker.answer = protocolError(14, 'GROUP_LOAD_IN_PROGRESS'); // right coordinator, still loading
    await expect(watched.endTxn()).rejects.toThrow('GROUP_LOAD_IN_PROGRESS');
    broker.answer = protocolError(51, 'CONCURRENT_TRANSACTIONS');
    await expect(watched.endTxn()).rejects.toThrow('CONCURRENT_TRANSACTIONS');
    expect(stale).toEqual([]);
  });

  it('behaves as the broker otherwise: properties, sync methods, results, writes', async () => {
    const broker = new FakeBroker();
    const watched = watchCoordinator(broker, () => undefined);
    expect(watched.nodeId).toBe(1);
    expect(watched.isConnected()).toBe(true);
    expect(await watched.endTxn()).toBe('ended by 1');
    watched.nodeId = 2;
    expect(broker.nodeId).toBe(2);
  });
});

describe('caching coordinator lookups of kafkajs clusters', () => {
  /** Stands in for kafkajs' Cluster: the two methods the cache wraps. */
  function fakeCluster(): {
    lookups: () => number;
    findGroupCoordinator: (a: CoordinatorKey) => Promise<object>;
    refreshMetadata: () => Promise<void>;
  } {
    let n = 0;
    return {
      lookups: () => n,
      findGroupCoordinator: async () => {
        n++;
        return { nodeId: n, isConnected: () => true };
      },
      refreshMetadata: async () => undefined,
    };
  }

  it('gives each cluster its own cache', async () => {
    const a = fakeCluster();
    const b = fakeCluster();
    cacheClusterCoordinators(a, { logger, now: () => 0 });
    cacheClusterCoordinators(b, { logger, now: () => 0 });
    await a.findGroupCoordinator(TXN);
    await a.findGroupCoordinator(TXN);
    await b.findGroupCoordinator(TXN);
    expect([a.lookups(), b.lookups()]).toEqual([1, 1]);
  });

  it('looks a coordinator up again after it answered NOT_COORDINATOR', async () => {
    let lookups = 0;
    const broker = { nodeId: 9, addOffsetsToTxn: () => Promise.reject(notCoordinator()) };
    const cluster = {
      findGroupCoordinator: async (_key: CoordinatorKey): Promise<object> => {
        lookups++;
        return broker;
      },
      refreshMetadata: async () => undefined,
    };
    cacheClusterCoordinators(cluster, { logger, now: () => 0 });
    const coordinator = (await cluster.findGroupCoordinator(TXN)) as typeof broker;
    await cluster.findGroupCoordinator(TXN);
    expect(lookups).toBe(1);
    await expect(coordinator.addOffsetsToTxn()).rejects.toThrow('NOT_COORDINATOR_FOR_GROUP');
    await cluster.findGroupCoordinator(TXN);
    expect(lookups).toBe(2);
  });

  it('hooks every cluster a kafkajs-shaped client creates', async () => {
    const created: ReturnType<typeof fakeCluster>[] = [];
    const client = {
      [Symbol('private:Kafka:createCluster')]: () => {
        const c = fakeCluster();
        created.push(c);
        return c;
      },
    };
    const createCluster = Object.getOwnPropertySymbols(client)[0]!;
    expect(cacheCoordinatorLookups(client as never, { logger, now: () => 0 })).toBe(true);
    const make = client[createCluster] as () => ReturnType<typeof fakeCluster>;
    const cluster = make();
    await cluster.findGroupCoordinator(GROUP);
    await cluster.findGroupCoordinator(GROUP);
    expect(created[0]!.lookups()).toBe(1);
  });
});

function notCoordinator(): Error {
  return Object.assign(new Error('NOT_COORDINATOR_FOR_GROUP'), {
    name: 'KafkaJSProtocolError',
    code: 16,
    type: 'NOT_COORDINATOR_FOR_GROUP',
  });
}
