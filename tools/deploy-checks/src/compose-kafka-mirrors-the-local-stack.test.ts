import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceAcls, type AclGrant } from '@marketfeed/kafka/contract';
import { describe, expect, it } from 'vitest';
import { loadCompose, readComposeRaw, serviceEnvironment } from './compose.js';
import { APPS, importRepoModule, readRepoFile, repoPath, type AppName } from './repo.js';

/*
 * docker compose and `npm run stack:up` are two ways to run the same local Kafka: same versions,
 * same broker security settings, same topics, same SCRAM users and the same least-privilege ACLs.
 * Topics, users and ACLs come from @marketfeed/kafka/contract: docker/kafka/*.conf are generated
 * from it (`npm run compose:conf`), and the generator's --check is what this file runs.
 */

const root = repoPath();
const composeConf = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      '--conditions=development',
      '--import',
      'tsx',
      repoPath('tools/stack/src/compose-kafka-conf-cli.ts'),
      ...args,
    ],
    { cwd: root, encoding: 'utf8' },
  );

const versions = await importRepoModule('tools/stack/src/versions.ts');
const brokerProperties = (await importRepoModule('tools/stack/src/kafka-config-writer.ts'))
  .brokerProperties as (input: {
  dataDir: string;
  keystore: string;
  keystorePassword: string;
}) => string;
const infraTaskEnv = await importRepoModule('infra/src/services/task-env.ts');
// The conf format's reader lives next to its renderer (what kafka-init reads).
const composeConfFormat = await importRepoModule('tools/stack/src/compose-kafka-conf.ts');
const confRows = composeConfFormat.confRows as (text: string) => string[][];
const readAclsConf = composeConfFormat.readAclsConf as (text: string, prefix: string) => AclGrant[];

const rows = (file: string): string[][] => confRows(readRepoFile(file));

/** docker/kafka/acls.conf as kafka-init grants it for a prefix. */
const composeAcls = (prefix: string): AclGrant[] =>
  readAclsConf(readRepoFile('docker/kafka/acls.conf'), prefix);

const granted = (
  acls: AclGrant[],
  user: string,
  type: AclGrant['resource']['type'],
  name: string,
  operation: AclGrant['operations'][number],
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
  it('has docker/kafka/*.conf as the contract generates them (npm run compose:conf -- --check)', () => {
    const result = composeConf('--check');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('has a --check that names a file that no longer matches the contract', () => {
    const planted = mkdtempSync(join(tmpdir(), 'compose-conf-'));
    try {
      mkdirSync(join(planted, 'docker/kafka'), { recursive: true });
      for (const file of ['topics.conf', 'acls.conf', 'users.conf'])
        cpSync(repoPath('docker/kafka', file), join(planted, 'docker/kafka', file));
      const acls = join(planted, 'docker/kafka/acls.conf');
      writeFileSync(
        acls,
        readFileSync(acls, 'utf8').replace('Read,Describe', 'Read,Describe,Write'),
      );
      const result = composeConf('--check', '--root', planted);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('docker/kafka/acls.conf');
      expect(result.stderr).not.toContain('topics.conf');
    } finally {
      rmSync(planted, { recursive: true, force: true });
    }
  });

  it('gives kafka-init a password for every SCRAM user it creates', () => {
    const init = serviceEnvironment(loadCompose().services['kafka-init']!);
    for (const [user] of rows('docker/kafka/users.conf')) {
      const variable = `KAFKA_${user!.toUpperCase().replaceAll('-', '_')}_PASSWORD`;
      expect(init[variable], variable).toMatch(/^[A-Za-z0-9._~-]{8,}$/);
    }
    expect(init.KAFKA_ADMIN_PASSWORD).toMatch(/^[A-Za-z0-9._~-]{8,}$/);
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

  /** Each app's group (Read) and transactional id (Write) is granted to the app's user in `acls`. */
  const expectIdsGranted = (acls: AclGrant[], envOf: (app: string) => Record<string, string>) => {
    for (const [app, vars] of Object.entries(ids)) {
      const env = envOf(app);
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
  };

  it.each(['marketfeed', 'feed2'])('in docker compose (prefix %s)', (prefix) => {
    const compose = loadCompose({ FEED_TOPIC_PREFIX: prefix });
    expectIdsGranted(composeAcls(prefix), (app) => serviceEnvironment(compose.services[app]!));
  });

  it('on ECS, against the contract’s service ACLs that MSK gets', () => {
    const taskEnvironment = infraTaskEnv.taskEnvironment as (
      app: AppName,
      inputs: unknown,
    ) => { environment: Record<string, string> };
    const inputs = infraTaskEnv.exampleTaskEnvInputs as { topicPrefix: string };
    expectIdsGranted(
      serviceAcls(inputs.topicPrefix),
      (app) => taskEnvironment(app as AppName, inputs).environment,
    );
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
