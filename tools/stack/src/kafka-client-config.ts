import { readFileSync } from 'node:fs';
import kafkajs, { type KafkaConfig } from 'kafkajs';
import { type StackInfo } from './stack-info.js';

const { logLevel } = kafkajs;

/** kafkajs config for a SCRAM user over SASL_SSL, trusting only the stack's CA. */
export function saslSslConfig(
  info: StackInfo,
  user: string,
  password: string,
  clientId = `stack-${user}`,
): KafkaConfig {
  return {
    clientId,
    brokers: [info.kafka.saslSsl],
    ssl: { ca: [readFileSync(info.kafka.caFile, 'utf8')] },
    sasl: { mechanism: 'scram-sha-512', username: user, password },
    logLevel: logLevel.NOTHING,
  };
}

/** PLAINTEXT admin (super user ANONYMOUS) for setup; loopback only. */
export function plaintextConfig(info: StackInfo, clientId = 'stack-admin'): KafkaConfig {
  return { clientId, brokers: [info.kafka.plaintext], logLevel: logLevel.NOTHING };
}
