import { describe, expect, it } from 'vitest';
import { brokerProperties, clientProperties, toolWrapper } from './kafka-config-writer.js';

const parse = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('brokerProperties', () => {
  const props = parse(
    brokerProperties({
      dataDir: '/s/kafka/data',
      keystore: '/s/tls/broker.p12',
      keystorePassword: 'pw',
    }),
  );

  it('listens on loopback: PLAINTEXT 9092, controller 9093, SASL_SSL 9094 advertised as localhost', () => {
    expect(props.listeners).toBe(
      'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,SASL_SSL://127.0.0.1:9094',
    );
    expect(props['advertised.listeners']).toBe(
      'PLAINTEXT://127.0.0.1:9092,SASL_SSL://localhost:9094',
    );
    expect(props['listener.security.protocol.map']).toBe(
      'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL',
    );
  });

  it('enforces ACLs with no allow-by-default, super users only for PLAINTEXT and admin', () => {
    expect(props['authorizer.class.name']).toBe(
      'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    );
    expect(props['allow.everyone.if.no.acl.found']).toBe('false');
    expect(props['super.users']).toBe('User:ANONYMOUS;User:admin');
    expect(props['auto.create.topics.enable']).toBe('false');
  });

  it('accepts only SCRAM-SHA-512 on the SASL_SSL listener', () => {
    expect(props['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-512');
    expect(props['listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config']).toMatch(
      /^org\.apache\.kafka\.common\.security\.scram\.ScramLoginModule required;$/,
    );
  });

  it('sizes internal topics for a single node', () => {
    expect(props['offsets.topic.replication.factor']).toBe('1');
    expect(props['transaction.state.log.replication.factor']).toBe('1');
    expect(props['transaction.state.log.min.isr']).toBe('1');
    expect(props['min.insync.replicas']).toBe('1');
  });
});

describe('clientProperties', () => {
  /** A client's properties for `sink` on localhost:9094, parsed; a test overrides what it is about. */
  const clientProps = (options: Partial<Parameters<typeof clientProperties>[0]>) =>
    parse(
      clientProperties({
        bootstrapServers: 'localhost:9094',
        user: 'sink',
        password: 'abc123',
        caPem: '/s/tls/ca.pem',
        ...options,
      }),
    );

  it('names the broker and configures SASL_SSL SCRAM-SHA-512 with the PEM CA as truststore', () => {
    const props = clientProps({});
    expect(props).toEqual({
      'bootstrap.servers': 'localhost:9094',
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config':
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="sink" password="abc123";',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': '/s/tls/ca.pem',
    });
  });

  it('escapes quotes in JAAS values', () => {
    const props = clientProps({ password: 'a"b\\c' });
    expect(props['sasl.jaas.config']).toContain('password="a\\"b\\\\c";');
  });

  it('pins a console consumer group without commits when a group is given', () => {
    const props = clientProps({ user: 'customer-demo', groupId: 'customer-demo.console' });
    expect(props['group.id']).toBe('customer-demo.console');
    expect(props['enable.auto.commit']).toBe('false');
  });
});

describe('toolWrapper', () => {
  it('execs the tool class with the cached classpath and passes every argument through', () => {
    const script = toolWrapper(
      'org.apache.kafka.tools.TopicCommand',
      "/cache/it's/lib",
      '/s/tools-log4j2.properties',
    );
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script).toContain(
      `-cp '/cache/it'\\''s/lib/*' org.apache.kafka.tools.TopicCommand "$@"`,
    );
    expect(script).toContain(`-Dlog4j2.configurationFile='/s/tools-log4j2.properties'`);
  });
});
