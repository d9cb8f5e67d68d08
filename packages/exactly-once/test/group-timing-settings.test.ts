import { describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import { createLogger, createMetricsRegistry, Readiness } from '@marketfeed/service';
import {
  createExactlyOnceProcessor,
  ProcessorSetupError,
  type ProcessorSettings,
} from '../src/processor.js';

function create(settings: Partial<ProcessorSettings>) {
  return createExactlyOnceProcessor({
    name: 'test',
    keys: 'keys',
    topics: { input: 'in', changelog: 'state', outputs: [] },
    settings: {
      groupId: 'g',
      transactionalIdPrefix: 'g',
      delivery: 'exactly-once',
      transactionMaxMs: 100,
      transactionMaxRecords: 100,
      transactionTimeoutMs: 60_000,
      ...settings,
    },
    transform: {
      begin: () => null,
      apply: () => undefined,
      end: () => ({ topics: [], changedKeys: [] }),
    },
    codec: { encode: String, decode: String },
    // Never reached: the settings are checked before anything connects.
    kafka: {} as Kafka,
    logger: createLogger({ name: 'test', level: 'silent' }),
    registry: createMetricsRegistry('test', false),
    readiness: new Readiness(),
  });
}

describe('session timeout and heartbeat interval', () => {
  it('refuses a heartbeat interval above a third of the session timeout', () => {
    expect(() => create({ sessionTimeoutMs: 6000, heartbeatIntervalMs: 2001 })).toThrow(
      ProcessorSetupError,
    );
    expect(() => create({ sessionTimeoutMs: 6000, heartbeatIntervalMs: 2001 })).toThrow(
      /heartbeatIntervalMs \(2001\) must be at most a third of sessionTimeoutMs \(6000\)/,
    );
  });

  it('accepts a third exactly, and derives a default heartbeat that fits a short session', () => {
    expect(() => create({ sessionTimeoutMs: 6000, heartbeatIntervalMs: 2000 })).not.toThrow();
    expect(() => create({ sessionTimeoutMs: 1500 })).not.toThrow();
    expect(() => create({})).not.toThrow();
  });
});
