import type { KafkaSettings } from '@marketfeed/kafka';
import kafkajs, { type Kafka, type KafkaConfig } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { passwordOf, stackInfo, type StackInfo } from './stack-info.js';

const { logLevel } = kafkajs;

/** The PLAINTEXT super user: for setup, assertions and cleanup, never for the code under test. */
export function adminKafka(clientId = 'testkit-admin', info: StackInfo = stackInfo()): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: [info.kafka.plaintext],
    logLevel: logLevel.NOTHING,
  });
}

/** kafkajs config for a stack SCRAM user over SASL_SSL (as deployed code connects). */
export function kafkaConfigAs(
  user: string,
  opts: { password?: string; clientId?: string; info?: StackInfo } = {},
): KafkaConfig {
  const info = opts.info ?? stackInfo();
  return {
    clientId: opts.clientId ?? `testkit-${user}`,
    brokers: [info.kafka.saslSsl],
    ssl: { ca: [readFileSync(info.kafka.caFile, 'utf8')] },
    sasl: {
      mechanism: 'scram-sha-512',
      username: user,
      password: opts.password ?? passwordOf(info, user),
    },
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  };
}

export function kafkaAs(
  user: string,
  opts: { password?: string; clientId?: string; info?: StackInfo } = {},
): Kafka {
  return new kafkajs.Kafka(kafkaConfigAs(user, opts));
}

/**
 * The KafkaSettings a deployment would give a service running as `user` on `prefix`
 * (SASL_SSL, SCRAM), for factories that take settings (createKafka, the apps' deps).
 */
export function settingsAs(
  user: string,
  prefix: string,
  info: StackInfo = stackInfo(),
): KafkaSettings {
  return {
    brokers: [info.kafka.saslSsl],
    ssl: true,
    caFile: info.kafka.caFile,
    sasl: { mechanism: 'scram-sha-512', username: user, password: passwordOf(info, user) },
    topicPrefix: prefix,
  };
}
