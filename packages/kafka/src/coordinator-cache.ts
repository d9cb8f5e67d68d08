import type { Kafka } from 'kafkajs';
import type { Logger } from '@marketfeed/service';

/**
 * How long a looked-up group or transaction coordinator is reused without asking again.
 *
 * kafkajs 2.2 (unmaintained) sends a FindCoordinator before every transactional request
 * (eosManager: AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn): ~4 extra round
 * trips per exactly-once transaction (docs/benchmarks/pipeline-latency.md). The broker answers a
 * request sent to a former coordinator with NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE (it never
 * acts on it), so a stale entry costs retries, never correctness; those answers and a lost
 * connection drop the entry at once (`watchCoordinator`). The TTL bounds what is left (a signal
 * this module does not recognise): with this client's retry (createKafka: 300 ms initial backoff,
 * doubling, capped at 30 s, 8 retries: ~68 s in all) a stale entry has expired by the 4th retry (0.3 + 0.6 + 1.2 +
 * 2.4 s), so it can never exhaust kafkajs' retries; the exactly-once producers retry without a
 * count limit from 15 ms. At the enricher's 5–10 transactions per second per producer, 3 s still
 * removes > 95 % of the lookups (two per producer per 3 s: its transaction and group coordinator).
 */
export const COORDINATOR_CACHE_TTL_MS = 3_000;

export interface CoordinatorKey {
  groupId: string;
  /** 0 = group, 1 = transaction (kafkajs' COORDINATOR_TYPES); kafkajs defaults to group. */
  coordinatorType?: number;
}

interface Entry<B> {
  promise: Promise<B>;
  /** Undefined while the lookup is in flight: concurrent callers share it. */
  expiresAt?: number;
  value?: B;
}

export interface CoordinatorCacheOptions<B> {
  ttlMs: number;
  now: () => number;
  /** A cached coordinator that fails this is looked up again (e.g. its connection was closed). */
  isUsable?: (coordinator: B) => boolean;
}

/**
 * Coordinator lookups by (coordinatorType, groupId), each reused for `ttlMs` from its answer.
 * A failed lookup is never kept; a lookup in flight is shared by everyone asking meanwhile.
 */
export class CoordinatorCache<B> {
  private readonly entries = new Map<string, Entry<B>>();

  constructor(private readonly opts: CoordinatorCacheOptions<B>) {}

  /**
   * The cached coordinator for `key`, or the result of `find`. `find` receives a function that
   * drops the entry it creates (and nothing newer), for when the coordinator turns out stale.
   */
  get(key: CoordinatorKey, find: (invalidate: () => void) => Promise<B>): Promise<B> {
    const id = `${key.coordinatorType ?? 0}:${key.groupId}`;
    const hit = this.entries.get(id);
    if (hit && this.fresh(hit)) return hit.promise;
    const entry = {} as Entry<B>;
    const invalidate = (): void => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    };
    entry.promise = new Promise<B>((resolve) => resolve(find(invalidate))).then(
      (value) => {
        entry.value = value;
        entry.expiresAt = this.opts.now() + this.opts.ttlMs;
        return value;
      },
      (err: unknown) => {
        invalidate();
        throw err;
      },
    );
    this.entries.set(id, entry);
    return entry.promise;
  }

  /** Forgets every coordinator (lookups in flight still answer their callers). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private fresh(entry: Entry<B>): boolean {
    if (entry.expiresAt === undefined) return true;
    if (this.opts.now() >= entry.expiresAt) return false;
    return this.opts.isUsable ? this.opts.isUsable(entry.value as B) : true;
  }
}

/** Kafka's NOT_COORDINATOR (kafkajs: NOT_COORDINATOR_FOR_GROUP) and COORDINATOR_NOT_AVAILABLE. */
const STALE_COORDINATOR_CODES = new Set([15, 16]);
/** The coordinator's broker went away (failover, rolling restart): ask who took over. */
const LOST_BROKER_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
]);

/** Why an error from a request to a coordinator means it may no longer be the coordinator. */
export function staleCoordinatorReason(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; type?: unknown; name?: unknown };
  if (typeof e.code === 'number' && STALE_COORDINATOR_CODES.has(e.code))
    return typeof e.type === 'string' ? e.type : `error code ${e.code}`;
  if (typeof e.name === 'string' && LOST_BROKER_ERRORS.has(e.name)) return e.name;
  return undefined;
}

/**
 * The coordinator's broker, with every request it answers with a stale-coordinator error (or a
 * lost connection) reported to `onStale`. kafkajs keeps using the object it got (consumer groups
 * hold theirs for a generation), so the signal comes from wherever the request is made.
 */
export function watchCoordinator<B extends object>(
  broker: B,
  onStale: (reason: string) => void,
): B {
  const wrapped = new WeakMap<(...args: unknown[]) => unknown, (...args: unknown[]) => unknown>();
  return new Proxy(broker, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      let watched = wrapped.get(method);
      if (!watched) {
        watched = (...args: unknown[]): unknown => {
          const result = method.apply(target, args);
          if (!(result instanceof Promise)) return result;
          return result.catch((err: unknown) => {
            const reason = staleCoordinatorReason(err);
            if (reason) onStale(reason);
            throw err;
          });
        };
        wrapped.set(method, watched);
      }
      return watched;
    },
  });
}

/** The kafkajs cluster members this module relies on (kafkajs/src/cluster/index.js). */
interface ClusterInternals {
  findGroupCoordinator(args: CoordinatorKey): Promise<object>;
}

/** The private method kafkajs' client creates each producer's, consumer's and admin's cluster with. */
const CREATE_CLUSTER = 'private:Kafka:createCluster';

export interface CacheCoordinatorLookupsOptions {
  logger: Logger;
  ttlMs?: number;
  now?: () => number;
}

/**
 * Caches one kafkajs cluster's coordinator lookups, in place. Each producer, consumer and admin
 * has its own cluster (its own broker connections and request instrumentation), hence its own
 * cache. Metadata refreshes do not empty it: kafkajs refreshes after any retriable send error,
 * including the CONCURRENT_TRANSACTIONS answers back-to-back transactions get (4 in 20 on the
 * local broker; emptying on them left 1 lookup per transaction instead of 2 in 20); a moved
 * coordinator is caught by its own answers instead. False if the cluster has no
 * findGroupCoordinator (a kafkajs upgrade).
 */
export function cacheClusterCoordinators(
  cluster: object,
  opts: CacheCoordinatorLookupsOptions,
): boolean {
  const c = cluster as Partial<ClusterInternals>;
  const find = c.findGroupCoordinator;
  if (typeof find !== 'function') return false;
  const log = opts.logger;
  const cache = new CoordinatorCache<object>({
    ttlMs: opts.ttlMs ?? COORDINATOR_CACHE_TTL_MS,
    now: opts.now ?? Date.now,
    isUsable: (broker) => {
      const isConnected = (broker as { isConnected?: () => boolean }).isConnected;
      return typeof isConnected !== 'function' || isConnected.call(broker);
    },
  });
  const internals = cluster as ClusterInternals;
  internals.findGroupCoordinator = (args) =>
    cache.get(args, async (invalidate) =>
      watchCoordinator(await find.call(cluster, args), (reason) => {
        log.debug(
          { groupId: args.groupId, coordinatorType: args.coordinatorType ?? 0, reason },
          'coordinator answered as stale: looking it up again next time',
        );
        invalidate();
      }),
    );
  return true;
}

/**
 * Makes every cluster `kafka` creates from now on cache its coordinator lookups
 * (`cacheClusterCoordinators`). kafkajs has no hook for this, so its private cluster factory is
 * wrapped; if a kafkajs upgrade removed it (or Cluster.findGroupCoordinator), this logs a warning and the
 * client works as before, uncached. Returns whether the factory was wrapped.
 */
export function cacheCoordinatorLookups(
  kafka: Kafka,
  opts: CacheCoordinatorLookupsOptions,
): boolean {
  const client = kafka as unknown as Record<symbol, unknown>;
  const key = Object.getOwnPropertySymbols(client).find((s) => s.description === CREATE_CLUSTER);
  const create = key === undefined ? undefined : client[key];
  if (key === undefined || typeof create !== 'function') {
    opts.logger.warn(
      { kafkajsInternal: CREATE_CLUSTER },
      'kafkajs has no cluster factory to hook: coordinator lookups are not cached',
    );
    return false;
  }
  let warned = false;
  client[key] = (...args: unknown[]): unknown => {
    const cluster = (create as (...a: unknown[]) => unknown).apply(kafka, args);
    if (!cacheClusterCoordinators(cluster as object, opts) && !warned) {
      warned = true;
      opts.logger.warn(
        { kafkajsInternal: 'Cluster.findGroupCoordinator' },
        'kafkajs cluster has no findGroupCoordinator to wrap: coordinator lookups are not cached',
      );
    }
    return cluster;
  };
  return true;
}
