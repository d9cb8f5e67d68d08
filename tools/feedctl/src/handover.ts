import { dirname, join } from 'node:path';
import type { CustomerIdentity, Product } from './customer.js';
import { productTopic } from './customer.js';

export interface HandoverInput {
  id: CustomerIdentity;
  prefix: string;
  products: readonly Product[];
  /** Bootstrap string the customer connects to (MSK: their multi-VPC connection's brokers). */
  bootstrap: string;
  /** PEM CA the broker certificate chains to; undefined = the JVM/Node default trust store (MSK). */
  caFile: string | undefined;
}

/**
 * A Kafka client properties file, as in the reference design's `client.properties`, usable with
 * `kafka-console-consumer.sh --command-config` and read by `marketfeed-consume --config`.
 * Holds the password: written 0600 and handed over out of band.
 */
export function clientProperties(input: HandoverInput, password: string): string {
  const { id } = input;
  const lines = [
    `# marketfeed access for ${id.name} (Kafka user ${id.username})`,
    `# topics: ${input.products.map((p) => productTopic(input.prefix, p)).join(', ')}`,
    `# consumer group ids must start with "${id.groupPrefix}"`,
    `bootstrap.servers=${input.bootstrap}`,
    'security.protocol=SASL_SSL',
    'sasl.mechanism=SCRAM-SHA-512',
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${id.username}" password="${password}";`,
  ];
  if (input.caFile)
    lines.push('ssl.truststore.type=PEM', `ssl.truststore.location=${input.caFile}`);
  lines.push(`group.id=${id.groupPrefix}console`, 'enable.auto.commit=false', '');
  return lines.join('\n');
}

/** A kafkajs connection snippet. Reads the password from the environment: never inlined. */
export function kafkajsSnippet(input: HandoverInput): string {
  const { id } = input;
  const brokers = input.bootstrap
    .split(',')
    .map((b) => `'${b.trim()}'`)
    .join(', ');
  const ssl = input.caFile ? `{ ca: [readFileSync('${input.caFile}', 'utf8')] }` : 'true';
  return [
    ...(input.caFile ? ["import { readFileSync } from 'node:fs';"] : []),
    "import { Kafka } from 'kafkajs';",
    '',
    'const kafka = new Kafka({',
    `  clientId: '${id.username}',`,
    `  brokers: [${brokers}],`,
    `  ssl: ${ssl},`,
    `  sasl: { mechanism: 'scram-sha-512', username: '${id.username}', password: process.env.MARKETFEED_PASSWORD ?? '' },`,
    '});',
    `const consumer = kafka.consumer({ groupId: '${id.groupPrefix}my-app' });`,
    'await consumer.connect();',
    `await consumer.subscribe({ topics: [${input.products.map((p) => `'${productTopic(input.prefix, p)}'`).join(', ')}] });`,
    'await consumer.run({ eachMessage: async ({ message }) => console.log(message.value?.toString()) });',
    '',
  ].join('\n');
}

/**
 * The shell line from the reference design, for the customer to verify access. `tool` is the
 * console consumer to print: on the local stack its wrapper in `.stack/bin`, so the line runs.
 * `--command-config` is Kafka 4.x's name for the deprecated `--consumer.config`.
 */
export function consoleConsumerCommand(
  input: HandoverInput,
  propertiesFile: string,
  tool = 'kafka-console-consumer.sh',
): string {
  const topic = productTopic(
    input.prefix,
    input.products.includes('enriched') ? 'enriched' : 'latest',
  );
  return `${tool} --bootstrap-server ${input.bootstrap} --topic ${topic} --from-beginning --command-config ${propertiesFile}`;
}

/** `runner` is how the client CLI is started where the line will run (default: its npm bin). */
export function consumeCommand(
  input: HandoverInput,
  propertiesFile: string,
  runner = 'npx marketfeed-consume',
): string {
  return `${runner} --config ${propertiesFile} --prefix ${input.prefix}`;
}

/** The local stack's runnable forms of both lines: its console-consumer wrapper, and the repo's npm script. */
export function localStackCommands(stackDir: string): { tool: string; runner: string } {
  return {
    tool: join(stackDir, 'bin', 'kafka-console-consumer.sh'),
    // --prefix runs the repo's script from any directory; -s keeps npm's banner off stdout.
    runner: `npm --prefix ${dirname(stackDir)} run -s consume --`,
  };
}

export interface MskInput {
  id: CustomerIdentity;
  accountId: string | undefined;
  env: string;
}

/**
 * On MSK the SCRAM credential is a Secrets Manager secret that infra creates (random password,
 * customer-managed KMS key, resource policy for kafka.amazonaws.com) and associates with the
 * cluster; this is the config entry that makes infra do it, and what the secret will contain.
 */
export function mskInstructions(input: MskInput): string {
  const { id } = input;
  const account = input.accountId ?? '<12-digit AWS account id of the customer>';
  return [
    `1. Add the customer to infra/config/${input.env}.ts (customers: [...]) and apply the feed stack:`,
    '',
    `     { name: '${id.name}', accountId: '${account}' },`,
    '',
    '   infra then creates and associates the SCRAM secret (it generates the password; it never',
    '   leaves Terraform state and Secrets Manager) and adds the account to the cluster policy:',
    '',
    `     secret name:  ${id.mskSecretName}`,
    "     encrypted by: the feed stack's customer-managed KMS key (MSK rejects the AWS-managed key)",
    `     value:        {"username":"${id.username}","password":"<generated by infra>"}`,
    '',
    '2. Hand the credentials over out of band, e.g.:',
    `     aws secretsmanager get-secret-value --secret-id ${id.mskSecretName} --query SecretString --output text`,
    '',
    '3. The customer connects over their multi-VPC connection (bootstrap from',
    '   `aws kafka get-bootstrap-brokers` in their account; MSK certificates chain to a public CA,',
    '   so no CA file is needed).',
    '',
  ].join('\n');
}
