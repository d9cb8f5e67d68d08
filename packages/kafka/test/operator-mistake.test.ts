import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaServiceOps } from '../src/config.js';

const { KafkaJSNonRetriableError, KafkaJSProtocolError } = kafkajs;
// kafkajs' typings declare no constructor arguments for this class; at runtime it takes the message.
const KafkaJSSASLAuthenticationError = kafkajs.KafkaJSSASLAuthenticationError as unknown as new (
  message: string,
) => Error;

// What runService prints and exits with for a Kafka service (the ingestor's and the sink's
// process-level int tests show the same line from a real broker refusing a password).
const classify = kafkaServiceOps({
  port: 0,
  logLevel: 'info',
  shutdownGraceMs: 1000,
  kafka: {
    brokers: ['localhost:9094'],
    ssl: true,
    caFile: undefined,
    sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'wrong' },
    topicPrefix: 'p',
  },
}).classifyError;

describe("a Kafka service's operator mistakes", () => {
  it('a refused login, as kafkajs nests it, exits 77 with one line naming KAFKA_USERNAME/KAFKA_PASSWORD', () => {
    // The retrier's wrapping (kafkajs src/retry: `new KafkaJSNonRetriableError(e, { cause: e })`).
    const login = new KafkaJSSASLAuthenticationError('SASL SCRAM SHA512 authentication failed');
    const refused = Object.assign(new KafkaJSNonRetriableError(login), { cause: login });
    expect(classify(refused)).toEqual({
      exitCode: 77,
      line: 'Kafka rejected the SASL credentials for KAFKA_USERNAME=alice; check KAFKA_USERNAME/KAFKA_PASSWORD (or KAFKA_PASSWORD_FILE)',
    });
  });

  it.each([
    ['TOPIC_AUTHORIZATION_FAILED', 29],
    ['GROUP_AUTHORIZATION_FAILED', 30],
    ['CLUSTER_AUTHORIZATION_FAILED', 31],
    ['TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 53],
  ])('an ACL denial (%s) exits 77 naming the user, the denial and the fix', (type, code) => {
    const denied = Object.assign(new KafkaJSProtocolError(type), { type, code });
    expect(classify(new Error('boot failed', { cause: denied }))).toEqual({
      exitCode: 77,
      line: `Kafka denied KAFKA_USERNAME=alice (${type}); grant the service's ACLs (npm run feedctl -- services apply) or check FEED_TOPIC_PREFIX`,
    });
  });

  it('leaves a fence, an outage and a bug to runService (exit 1 with the stack)', () => {
    const fenced = Object.assign(new KafkaJSProtocolError('PRODUCER_FENCED'), {
      type: 'PRODUCER_FENCED',
      code: 90,
    });
    expect(classify(fenced)).toBeUndefined();
    expect(classify(new kafkajs.KafkaJSConnectionError('Connection error'))).toBeUndefined();
    expect(classify(new TypeError('x is undefined'))).toBeUndefined();
  });
});
