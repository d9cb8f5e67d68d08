// Kafka 4.4.0: kafkajs 2.2.4 was tested against it (produce, consumer groups, transactions with
// sendOffsets, admin createTopics/describeConfigs/createAcls, SASL SCRAM-SHA-512 over TLS) and
// everything it uses survived KIP-896's removal of old protocol versions, so no 3.9.x fallback.
export const KAFKA_VERSION = '4.4.0';
// Kafka 4 logs through slf4j 2; its POM brings no binding, so log4j2 is added explicitly.
export const LOG4J_VERSION = '2.25.2';
export const SLF4J_VERSION = '2.0.17';
// Newest 2.x line; the integ-test-zip has no security plugin, which is what local dev wants.
export const OPENSEARCH_VERSION = '2.19.6';
export const MAVEN_DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export const PORTS = {
  kafkaPlaintext: 9092,
  kafkaController: 9093,
  kafkaSaslSsl: 9094,
  opensearchHttp: 9200,
  opensearchTransport: 9300,
} as const;
