import { describe, expect, it } from 'vitest';
import { loadCompose, readComposeRaw, serviceEnvironment } from './compose.js';
import { APPS, importRepoModule, readRepoFile, type AppName } from './repo.js';

/*
 * docker compose and `npm run stack:up` are two ways to run the same local Kafka: same versions,
 * same broker security settings, same topics, same SCRAM users and the same least-privilege ACLs.
 * tools/stack and @marketfeed/kafka are the sources of truth; docker/kafka/*.conf must follow.
 */

interface StackTopic {
  name: string;
  numPartitions: number;
  configEntries: Record<string, string>;
}
interface AclGrant {
  user: string;
  resource: {
    type: 'topic' | 'group' | 'transactional-id';
    name: string;
    pattern: 'literal' | 'prefixed';
  };
  operations: string[];
}

const stack = await importRepoModule('tools/stack/src/index.ts');
const stackTopics = stack.stackTopics as (prefix: string, partitions: number) => StackTopic[];
const serviceAcls = stack.serviceAcls as (prefix: string) => AclGrant[];
const SERVICE_USERS = stack.SERVICE_USERS as readonly string[];
const versions = await importRepoModule('tools/stack/src/versions.ts');
const brokerProperties = (await importRepoModule('tools/stack/src/kafka-config-writer.ts'))
  .brokerProperties as (input: {
  dataDir: string;
  keystore: string;
  keystorePassword: string;
}) => string;
const kafkaTopics = await importRepoModule('packages/kafka/src/topics.ts');
const catalogTopics = (kafkaTopics.catalogTopics as (c: unknown) => StackTopic[])(
  (kafkaTopics.topicCatalog as (prefix: string, partitions: number) => unknown)('marketfeed', 6),
);
const infraTaskEnv = await importRepoModule('infra/src/services/task-env.ts');

const rows = (file: string): string[][] =>
  readRepoFile(file)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/));

/** docker/kafka/topics.conf as kafka-init creates it for a prefix and partition count. */
const composeTopics = (prefix: string, partitions: number): StackTopic[] =>
  rows('docker/kafka/topics.conf').map(([suffix, count, configs]) => ({
    name: `${prefix}.${suffix}`,
    numPartitions: Number(count === '{partitions}' ? partitions : count),
    configEntries: Object.fromEntries(
      (configs ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => kv.split('=') as [string, string]),
    ),
  }));

/** docker/kafka/acls.conf as kafka-init grants it for a prefix. */
const composeAcls = (prefix: string): AclGrant[] =>
  rows('docker/kafka/acls.conf').map(([user, type, pattern, name, operations]) => ({
    user: user!,
    resource: {
      type: type as AclGrant['resource']['type'],
      name: name!.replaceAll('{prefix}', prefix),
      pattern: pattern as 'literal' | 'prefixed',
    },
    operations: operations!.split(','),
  }));

const key = (g: AclGrant) =>
  `${g.user} ${g.resource.type}:${g.resource.pattern}:${g.resource.name} ${[...g.operations].sort().join(',')}`;

const granted = (
  acls: AclGrant[],
  user: string,
  type: AclGrant['resource']['type'],
  name: string,
  operation: string,
): boolean =>
  acls.some(
    (g) =>
      g.user === user &&
      g.resource.type === type &&
      g.operations.includes(operation) &&
      (g.resource.pattern === 'literal'
        ? g.resource.name === name
        : name.startsWith(g.resource.name)),
  );

const properties = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('compose Kafka mirrors the local stack', () => {
  it.each([
    ['marketfeed', 6],
    ['feed2', 12],
  ] as const)(
    'creates the same topics as the stack and the topic catalog (prefix %s, %i partitions)',
    (prefix, partitions) => {
      expect(composeTopics(prefix, partitions)).toEqual(stackTopics(prefix, partitions));
    },
  );

  it('matches @marketfeed/kafka topicCatalog() for the default prefix', () => {
    expect(composeTopics('marketfeed', 6)).toEqual(catalogTopics);
  });

  it.each(['marketfeed', 'feed2'])(
    'grants the same least-privilege ACLs as the stack (prefix %s)',
    (prefix) => {
      expect(composeAcls(prefix).map(key).sort()).toEqual(serviceAcls(prefix).map(key).sort());
    },
  );

  it('creates a SCRAM user, with a password, for every service user of the stack', () => {
    const init = serviceEnvironment(loadCompose().services['kafka-init']!);
    for (const user of ['admin', ...SERVICE_USERS]) {
      const variable = `KAFKA_${user.toUpperCase().replaceAll('-', '_')}_PASSWORD`;
      expect(init[variable], variable).toMatch(/^[A-Za-z0-9._~-]{8,}$/);
    }
    const script = readRepoFile('docker/kafka/init.sh');
    for (const user of SERVICE_USERS) expect(script).toContain(`[${user}]=`);
  });

  it('runs the same Kafka and OpenSearch versions as the stack', () => {
    const images = readComposeRaw()['x-versions'] as Record<string, string>;
    expect(images['kafka-image']).toBe(`apache/kafka:${String(versions.KAFKA_VERSION)}`);
    expect(images['opensearch-image']).toBe(
      `opensearchproject/opensearch:${String(versions.OPENSEARCH_VERSION)}`,
    );
    expect(images['dashboards-image']).toBe(
      `opensearchproject/opensearch-dashboards:${String(versions.OPENSEARCH_VERSION)}`,
    );
  });

  it('configures the broker with the stack’s security and single-node settings', () => {
    const compose = properties(readRepoFile('docker/kafka/server.properties'));
    const local = properties(
      brokerProperties({ dataDir: '/d', keystore: '/k.p12', keystorePassword: 'x' }),
    );
    for (const setting of [
      'process.roles',
      'sasl.enabled.mechanisms',
      'ssl.keystore.type',
      'ssl.client.auth',
      'authorizer.class.name',
      'allow.everyone.if.no.acl.found',
      'super.users',
      'auto.create.topics.enable',
      'inter.broker.listener.name',
      'controller.listener.names',
      'default.replication.factor',
      'min.insync.replicas',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
    ])
      expect(compose[setting], setting).toBe(local[setting]);
    expect(compose['allow.everyone.if.no.acl.found']).toBe('false');
  });

  it('listens unauthenticated only on the broker container’s loopback; everything else is SASL_SSL', () => {
    const p = properties(readRepoFile('docker/kafka/server.properties'));
    const protocols = Object.fromEntries(
      (p['listener.security.protocol.map'] ?? '')
        .split(',')
        .map((e) => e.split(':') as [string, string]),
    );
    for (const listener of (p.listeners ?? '').split(',')) {
      const [, name, host] = /^([A-Z_]+):\/\/([^:]*):\d+$/.exec(listener) ?? [];
      const protocol = protocols[name ?? ''];
      if (protocol === 'SASL_SSL')
        expect(
          p[`listener.name.${name!.toLowerCase()}.scram-sha-512.sasl.jaas.config`],
          name,
        ).toContain('ScramLoginModule');
      else expect(host, `${name} (${protocol ?? '?'}) must bind to 127.0.0.1`).toBe('127.0.0.1');
    }
  });
});

describe('the groups and transactional ids the apps use are the ones their user is granted', () => {
  const ids: Record<Exclude<AppName, 'ingestor'>, [string, AclGrant['resource']['type']][]> = {
    enricher: [
      ['ENRICHER_GROUP_ID', 'group'],
      ['ENRICHER_TRANSACTIONAL_ID_PREFIX', 'transactional-id'],
    ],
    'opensearch-sink': [['SINK_GROUP_ID', 'group']],
  };

  it.each(['marketfeed', 'feed2'])('in docker compose (prefix %s)', (prefix) => {
    const compose = loadCompose({ FEED_TOPIC_PREFIX: prefix });
    const acls = composeAcls(prefix);
    for (const [app, vars] of Object.entries(ids)) {
      const env = serviceEnvironment(compose.services[app]!);
      for (const [variable, type] of vars)
        expect(
          granted(
            acls,
            env.KAFKA_USERNAME!,
            type,
            env[variable]!,
            type === 'group' ? 'Read' : 'Write',
          ),
          `${app} ${variable}=${env[variable]}`,
        ).toBe(true);
    }
  });

  it('on ECS, against the stack’s ACL model that MSK gets', () => {
    const taskEnvironment = infraTaskEnv.taskEnvironment as (
      app: AppName,
      inputs: unknown,
    ) => { environment: Record<string, string> };
    const inputs = infraTaskEnv.exampleTaskEnvInputs as { topicPrefix: string };
    const acls = serviceAcls(inputs.topicPrefix);
    for (const [app, vars] of Object.entries(ids)) {
      const env = taskEnvironment(app as AppName, inputs).environment;
      for (const [variable, type] of vars)
        expect(
          granted(
            acls,
            env.KAFKA_USERNAME!,
            type,
            env[variable]!,
            type === 'group' ? 'Read' : 'Write',
          ),
          `${app} ${variable}=${env[variable]}`,
        ).toBe(true);
    }
  });

  it('uses the same SCRAM user per app in compose and on ECS', () => {
    const kafkaUsername = infraTaskEnv.kafkaUsername as (app: AppName) => string;
    const compose = loadCompose();
    for (const app of APPS)
      expect(serviceEnvironment(compose.services[app]!).KAFKA_USERNAME, app).toBe(
        kafkaUsername(app),
      );
  });

  it('gives each app the password kafka-init set for its user', () => {
    const compose = loadCompose({ KAFKA_SINK_PASSWORD: 'changed-in-dotenv' });
    const init = serviceEnvironment(compose.services['kafka-init']!);
    for (const app of APPS) {
      const env = serviceEnvironment(compose.services[app]!);
      expect(env.KAFKA_PASSWORD, app).toBe(
        init[`KAFKA_${env.KAFKA_USERNAME!.toUpperCase()}_PASSWORD`],
      );
    }
  });
});
