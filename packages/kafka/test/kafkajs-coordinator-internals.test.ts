import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@marketfeed/service';
import { createKafka } from '../src/client.js';
import { cacheCoordinatorLookups } from '../src/coordinator-cache.js';

/**
 * The coordinator cache hooks kafkajs internals (it is unmaintained and pinned, but a reinstall
 * or a fork could change them). These fail loudly when the installed kafkajs no longer has them.
 */
const require = createRequire(import.meta.url);
const silent = createLogger({ name: 't', level: 'silent' });
const settings = {
  brokers: ['127.0.0.1:1'],
  ssl: false,
  caFile: undefined,
  sasl: undefined,
  topicPrefix: 'm',
};

function clusterFactoryOf(kafka: object): (opts: object) => Record<string, unknown> {
  const key = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  expect(key, 'kafkajs Client has no private:Kafka:createCluster').toBeDefined();
  return (kafka as Record<symbol, (opts: object) => Record<string, unknown>>)[key!]!;
}

describe('the kafkajs internals the coordinator cache relies on', () => {
  it('the installed kafkajs Cluster still has findGroupCoordinator', () => {
    const Cluster = require('kafkajs/src/cluster/index.js') as {
      prototype: Record<string, unknown>;
    };
    expect(typeof Cluster.prototype.findGroupCoordinator).toBe('function');
  });

  it('the transactional producer still asks the cluster for its coordinator', () => {
    // If eosManager stopped calling cluster.findGroupCoordinator, the cache would do nothing.
    const source = readFileSync(
      require.resolve('kafkajs/src/producer/eosManager/index.js'),
      'utf8',
    );
    expect(source).toContain('cluster.findGroupCoordinator(');
  });

  it('kafkajs still names NOT_COORDINATOR and COORDINATOR_NOT_AVAILABLE by codes 16 and 15', () => {
    const { errorCodes } = require('kafkajs/src/protocol/error.js') as {
      errorCodes: { code: number; type: string }[];
    };
    const byCode = new Map(errorCodes.map((e) => [e.code, e.type]));
    expect(byCode.get(16)).toBe('NOT_COORDINATOR_FOR_GROUP');
    expect(byCode.get(15)).toBe('GROUP_COORDINATOR_NOT_AVAILABLE');
    const errors = require('kafkajs') as Record<
      string,
      (new (message: string) => Error) | undefined
    >;
    for (const name of [
      'KafkaJSConnectionError',
      'KafkaJSConnectionClosedError',
      'KafkaJSRequestTimeoutError',
    ]) {
      const ErrorClass = errors[name];
      expect(ErrorClass, name).toBeDefined();
      expect(new ErrorClass!('x').name).toBe(name);
    }
  });

  it('every cluster of a client from createKafka has its coordinator lookups cached', () => {
    const Cluster = require('kafkajs/src/cluster/index.js') as {
      prototype: Record<string, unknown>;
    };
    const kafka = createKafka(settings, { clientId: 'c', logger: silent });
    const cluster = clusterFactoryOf(kafka)({});
    expect(cluster).toBeInstanceOf(Cluster);
    expect(Object.hasOwn(cluster, 'findGroupCoordinator')).toBe(true);
    expect(cluster.findGroupCoordinator).not.toBe(Cluster.prototype.findGroupCoordinator);
  });

  it('a client without the hook is left as it is, with a warning, not a crash', () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: 't',
      level: 'warn',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    const bare = { producer: () => 'a producer' };
    expect(cacheCoordinatorLookups(bare as never, { logger })).toBe(false);
    expect(bare.producer()).toBe('a producer');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      msg: 'kafkajs has no cluster factory to hook: coordinator lookups are not cached',
    });
  });
});
