import { PORTS } from './versions.js';

export interface BrokerConfigInput {
  dataDir: string;
  keystore: string;
  keystorePassword: string;
  ports?: { plaintext: number; controller: number; saslSsl: number };
}

export function toProperties(entries: Record<string, string | number | boolean>): string {
  return Object.entries(entries)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')
    .concat('\n');
}

/**
 * Single-node KRaft (broker and controller in one JVM). PLAINTEXT is for internal and admin
 * use only and binds to loopback; SASL_SSL with SCRAM-SHA-512 is what services and customers
 * use, as on MSK. SASL_SSL binds to 127.0.0.1 but is advertised as `localhost` so certificate
 * hostname verification works while no IPv6 `::1` listener is needed.
 */
export function brokerProperties(input: BrokerConfigInput): string {
  const ports = input.ports ?? {
    plaintext: PORTS.kafkaPlaintext,
    controller: PORTS.kafkaController,
    saslSsl: PORTS.kafkaSaslSsl,
  };
  return toProperties({
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${ports.controller}`,
    listeners: `PLAINTEXT://127.0.0.1:${ports.plaintext},CONTROLLER://127.0.0.1:${ports.controller},SASL_SSL://127.0.0.1:${ports.saslSsl}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${ports.plaintext},SASL_SSL://localhost:${ports.saslSsl}`,
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': input.keystore,
    'ssl.keystore.password': input.keystorePassword,
    'ssl.key.password': input.keystorePassword,
    'ssl.client.auth': 'none',
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': false,
    // ANONYMOUS is every PLAINTEXT/controller connection (loopback only); admin is the SCRAM
    // super user that integration tests use to create their own random topics.
    'super.users': 'User:ANONYMOUS;User:admin',
    'auto.create.topics.enable': false,
    'log.dirs': input.dataDir,
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 6,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 6,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Tests join and leave many groups; the default 3 s delay would only slow them down.
    'group.initial.rebalance.delay.ms': 0,
    'log.retention.hours': 168,
  });
}

/** log4j2 for the broker: everything to a rolling file, nothing to the terminal. */
export function brokerLog4j(logsDir: string): string {
  return toProperties({
    'rootLogger.level': 'INFO',
    'rootLogger.appenderRef.file.ref': 'file',
    'appender.file.type': 'RollingFile',
    'appender.file.name': 'file',
    'appender.file.fileName': `${logsDir}/server.log`,
    'appender.file.filePattern': `${logsDir}/server.log.%i`,
    'appender.file.layout.type': 'PatternLayout',
    'appender.file.layout.pattern': '[%d] %p %m (%c)%n',
    'appender.file.policies.type': 'Policies',
    'appender.file.policies.size.type': 'SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size': '50MB',
    'appender.file.strategy.type': 'DefaultRolloverStrategy',
    'appender.file.strategy.max': 3,
    // The authorizer logs every denial at INFO; keep them, they are what ACL debugging needs.
    'logger.authorizer.name': 'kafka.authorizer.logger',
    'logger.authorizer.level': 'INFO',
  });
}

/** log4j2 for the CLI wrappers: warnings to stderr, so stdout stays the records themselves. */
export function toolsLog4j(): string {
  return toProperties({
    'rootLogger.level': 'WARN',
    'rootLogger.appenderRef.stderr.ref': 'stderr',
    'appender.stderr.type': 'Console',
    'appender.stderr.name': 'stderr',
    'appender.stderr.target': 'SYSTEM_ERR',
    'appender.stderr.layout.type': 'PatternLayout',
    'appender.stderr.layout.pattern': '[%d] %p %m (%c)%n',
  });
}

export interface ClientConfigInput {
  /** The SASL_SSL listener: every tool that takes the file (console tools, marketfeed-consume) finds the broker. */
  bootstrapServers: string;
  user: string;
  password: string;
  caPem: string;
  /** Consumer group for console consumers run with this file (customers may only use their prefix). */
  groupId?: string;
}

/** Java client properties for one SCRAM user: `--command-config` input, and `marketfeed-consume --config`. */
export function clientProperties(input: ClientConfigInput): string {
  // JAAS values are double-quoted; the generated passwords are hex, but quote-escape anyway.
  const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return toProperties({
    'bootstrap.servers': input.bootstrapServers,
    'security.protocol': 'SASL_SSL',
    'sasl.mechanism': 'SCRAM-SHA-512',
    'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username=${quote(input.user)} password=${quote(input.password)};`,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': input.caPem,
    // A customer may only use groups under its own prefix, so console consumers need one; no
    // commits, so `--from-beginning` really starts from the beginning on every demo run.
    ...(input.groupId ? { 'group.id': input.groupId, 'enable.auto.commit': false } : {}),
  });
}

export const KAFKA_TOOLS = {
  'kafka-console-consumer.sh': 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  'kafka-console-producer.sh': 'org.apache.kafka.tools.ConsoleProducer',
  'kafka-topics.sh': 'org.apache.kafka.tools.TopicCommand',
  'kafka-acls.sh': 'org.apache.kafka.tools.AclCommand',
  'kafka-consumer-groups.sh': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  'kafka-configs.sh': 'org.apache.kafka.tools.ConfigCommand',
} as const;

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** A wrapper with the same name and arguments as Kafka's own bin/ scripts. */
export function toolWrapper(mainClass: string, classpathDir: string, log4jConfig: string): string {
  return `#!/usr/bin/env bash
# Generated by tools/stack: Kafka's ${mainClass} with the cached classpath.
exec java -Xms64m -Xmx512m -XX:+UseSerialGC -Dlog4j2.configurationFile=${shellQuote(log4jConfig)} -cp ${shellQuote(`${classpathDir}/*`)} ${mainClass} "$@"
`;
}
