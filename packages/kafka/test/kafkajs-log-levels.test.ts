import { describe, expect, it } from 'vitest';
import { logLevel } from 'kafkajs';
import { kafkajsLogLevel } from '../src/kafkajs-log-levels.js';

const CONCURRENT =
  'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';
const error = (log: Record<string, unknown>) => ({
  level: logLevel.ERROR,
  log: { timestamp: '', logger: 'kafkajs', message: '', ...log },
});

describe("kafkajs' log levels as the service logs them", () => {
  it('makes a retried CONCURRENT_TRANSACTIONS answer (as logged after every commit) debug, and counts it', () => {
    expect(
      kafkajsLogLevel(
        error({ message: 'Response AddPartitionsToTxn(key: 24, version: 1)', error: CONCURRENT }),
      ),
    ).toEqual({ level: 'debug', retried: 'CONCURRENT_TRANSACTIONS' });
    expect(
      kafkajsLogLevel(
        error({ message: `Failed to send messages: ${CONCURRENT}`, retryCount: 0, retryTime: 18 }),
      ),
    ).toEqual({ level: 'debug', retried: 'CONCURRENT_TRANSACTIONS' });
  });

  it('makes "coordinator not available" at start debug', () => {
    expect(
      kafkajsLogLevel(
        error({
          message: 'Response FindCoordinator(key: 10, version: 2)',
          error: 'The group coordinator is not available',
        }),
      ),
    ).toEqual({ level: 'debug', retried: 'GROUP_COORDINATOR_NOT_AVAILABLE' });
  });

  it("makes a heartbeat's rejoin answers debug (kafkajs rejoins and logs its own warn line)", () => {
    for (const answer of [
      'The group is rebalancing, so a rejoin is needed',
      'The coordinator is not aware of this member',
      'Specified group generation id is not valid',
    ])
      expect(
        kafkajsLogLevel(
          error({ message: 'Response Heartbeat(key: 12, version: 3)', error: answer }),
        ),
      ).toEqual({ level: 'debug' });
    // The line kafkajs' consumer writes when it rejoins stays visible, as a warning.
    expect(
      kafkajsLogLevel(
        error({ message: 'The coordinator is not aware of this member, re-joining the group' }),
      ),
    ).toEqual({ level: 'warn' });
  });

  it('keeps failures kafkajs does not retry at error level', () => {
    for (const entry of [
      error({
        message: 'Response Produce(key: 0, version: 7)',
        error: 'Not authorized to access topics: [Topic authorization failed]',
      }),
      error({ message: 'SASL SCRAM SHA512 authentication failed: bad credentials', retryCount: 0 }),
      error({ message: 'Crash: KafkaJSNonRetriableError: boom' }),
      error({ message: 'Response InitProducerId(key: 22, version: 1)', error: 'made-up failure' }),
      // Only a heartbeat's answer is a plain rejoin; elsewhere the same code is the caller's to judge.
      error({
        message: 'Response TxnOffsetCommit(key: 28, version: 2)',
        error: 'The coordinator is not aware of this member',
      }),
    ])
      expect(kafkajsLogLevel(entry)).toEqual({ level: 'error' });
  });

  it('keeps warn, info and debug as kafkajs says', () => {
    expect(kafkajsLogLevel({ level: logLevel.WARN, log: { message: 'x' } as never })).toEqual({
      level: 'warn',
    });
    expect(kafkajsLogLevel({ level: logLevel.INFO, log: { message: 'x' } as never })).toEqual({
      level: 'info',
    });
  });
});
