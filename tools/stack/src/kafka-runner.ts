import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import kafkajs, { type Admin, type KafkaConfig } from 'kafkajs';
import {
  catalogTopics,
  customerIdentity,
  customerPrincipal,
  DEMO_CUSTOMER,
  STACK_SCRAM_USERS,
  topicCatalog,
} from '@marketfeed/kafka/contract';
import { groupsCoveringEveryOffsetsPartition } from './group-coordinator.js';
import { provisionPrefix } from './prefix-provisioning.js';
import { ensureBrokerTls } from './certificates.js';
import { loadOrCreateCredentials, type StackCredentials } from './credentials.js';
import {
  brokerLog4j,
  brokerProperties,
  clientProperties,
  KAFKA_TOOLS,
  toolsLog4j,
  toolWrapper,
} from './kafka-config-writer.js';
import { StackError } from './errors.js';
import { type StackPaths } from './paths.js';
import { spawnDetached, stackMarker } from './processes.js';
import { runChecked } from './run-command.js';
import { type StackInfo, writeStackInfo } from './stack-info.js';
import { waitForStartup } from './wait-for-startup.js';
import { PORTS } from './versions.js';
import { plaintextConfig, saslSslConfig } from './kafka-client-config.js';

const { Kafka } = kafkajs;

export const KAFKA_PROCESS = 'kafka';

export function kafkaStackInfo(
  paths: StackPaths,
  credentials: StackCredentials,
  opensearchUrl: string,
): StackInfo {
  return {
    kafka: {
      plaintext: `127.0.0.1:${PORTS.kafkaPlaintext}`,
      saslSsl: `localhost:${PORTS.kafkaSaslSsl}`,
      caFile: join(paths.kafka.tls, 'ca.pem'),
      users: Object.fromEntries(
        Object.entries(credentials.users).map(([user, password]) => [user, { password }]),
      ),
    },
    opensearch: { url: opensearchUrl },
  };
}

export interface PreparedKafka {
  info: StackInfo;
  /** Contract users added since the storage was formatted: the broker must be told (addScramUsers). */
  newUsers: string[];
}

/**
 * Everything the broker and its operators need on disk: TLS material, server.properties,
 * formatted storage with the SCRAM users, client properties, CLI wrappers and stack.json.
 * Idempotent: secrets and storage are created once, config files are rewritten every time.
 */
export async function prepareKafka(
  paths: StackPaths,
  classpath: string,
  opensearchUrl: string,
): Promise<PreparedKafka> {
  for (const dir of [
    paths.root,
    paths.kafka.dir,
    paths.kafka.config,
    paths.kafka.logs,
    paths.bin,
    paths.clients,
    paths.run,
  ]) {
    await mkdir(dir, { recursive: true });
  }
  if (!existsSync(paths.kafka.credentials)) {
    // New passwords must go with new storage and a new CA: SCRAM users are baked into the
    // formatted metadata log, so leftovers of a half-deleted stack would reject every login.
    await rm(paths.kafka.data, { recursive: true, force: true });
    await rm(paths.kafka.tls, { recursive: true, force: true });
  }
  const { credentials, added } = await loadOrCreateCredentials(paths.kafka.credentials);
  const formatted = existsSync(join(paths.kafka.data, 'meta.properties'));
  const tls = await ensureBrokerTls(paths.kafka.tls, credentials.keystorePassword);
  await writeFile(
    paths.kafka.serverProperties,
    brokerProperties({
      dataDir: paths.kafka.data,
      keystore: tls.keystore,
      keystorePassword: credentials.keystorePassword,
    }),
    { mode: 0o600 },
  );
  await writeFile(paths.kafka.log4j, brokerLog4j(paths.kafka.logs));
  await writeFile(paths.kafka.toolsLog4j, toolsLog4j());

  if (!formatted) {
    // SCRAM credentials are written into the metadata log at format time, so the broker starts
    // with its users in place and no bootstrap window with an unauthenticated listener.
    const scram = STACK_SCRAM_USERS.flatMap((user) => [
      '--add-scram',
      `SCRAM-SHA-512=[name=${user},password=${credentials.users[user]}]`,
    ]);
    await runChecked('java', [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Dlog4j2.configurationFile=${paths.kafka.toolsLog4j}`,
      '-cp',
      `${classpath}/*`,
      'kafka.tools.StorageTool',
      'format',
      '--config',
      paths.kafka.serverProperties,
      '--cluster-id',
      credentials.clusterId,
      ...scram,
    ]);
  }

  const customerGroup = `${customerIdentity(DEMO_CUSTOMER).groupPrefix}console`;
  for (const user of STACK_SCRAM_USERS) {
    const password = credentials.users[user];
    if (!password) throw new StackError(`credentials file has no password for ${user}`);
    const groupId = user === customerPrincipal(DEMO_CUSTOMER) ? customerGroup : undefined;
    await writeFile(
      join(paths.clients, `${user}.properties`),
      clientProperties({
        bootstrapServers: `localhost:${PORTS.kafkaSaslSsl}`,
        user,
        password,
        caPem: tls.caPem,
        ...(groupId ? { groupId } : {}),
      }),
      { mode: 0o600 },
    );
  }
  for (const [script, mainClass] of Object.entries(KAFKA_TOOLS)) {
    await writeFile(
      join(paths.bin, script),
      toolWrapper(mainClass, classpath, paths.kafka.toolsLog4j),
      { mode: 0o755 },
    );
  }
  const info = kafkaStackInfo(paths, credentials, opensearchUrl);
  await writeStackInfo(info, paths.stackJson);
  return { info, newUsers: formatted ? added : [] };
}

/**
 * Creates SCRAM users on a running broker through the PLAINTEXT (super user) listener, with
 * Kafka's own ConfigCommand (kafkajs has no AlterUserScramCredentials). The password goes in a
 * 0600 file, never on a command line that `ps` shows.
 */
export async function addScramUsers(
  paths: StackPaths,
  info: StackInfo,
  users: readonly string[],
): Promise<void> {
  const dir = await mkdtemp(join(paths.run, 'scram-'));
  try {
    for (const user of users) {
      const password = info.kafka.users[user]?.password;
      if (!password) throw new StackError(`credentials file has no password for ${user}`);
      const file = join(dir, `${user}.properties`);
      await writeFile(file, `SCRAM-SHA-512=iterations=8192,password=${password}\n`, {
        mode: 0o600,
      });
      await runChecked(join(paths.bin, 'kafka-configs.sh'), [
        '--bootstrap-server',
        info.kafka.plaintext,
        '--entity-type',
        'users',
        '--entity-name',
        user,
        '--alter',
        '--add-config-file',
        file,
      ]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function startKafka(paths: StackPaths, classpath: string): Promise<number> {
  return spawnDetached(
    'java',
    [
      '-Xms256m',
      '-Xmx1g',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-D${stackMarker(paths.root)}`,
      `-Dlog4j2.configurationFile=${paths.kafka.log4j}`,
      `-Dkafka.logs.dir=${paths.kafka.logs}`,
      '-cp',
      `${classpath}/*`,
      'kafka.Kafka',
      paths.kafka.serverProperties,
    ],
    paths.run,
    KAFKA_PROCESS,
    { cwd: paths.kafka.dir, env: process.env, logFile: join(paths.run, 'kafka.out') },
  );
}

async function withAdmin<T>(config: KafkaConfig, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ ...config, retry: { retries: 0 } }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

const OFFSETS_TOPIC = '__consumer_offsets';
const READINESS_GROUP = 'stack-readiness';

/**
 * Real readiness: an authenticated round trip over SASL_SSL as `admin`, and every consumer
 * group coordinator loaded. A fresh broker creates `__consumer_offsets` on the first
 * FindCoordinator and loads its partitions after; a consumer joining before that is answered
 * COORDINATOR_LOAD_IN_PROGRESS (seen on the first group join of a CI run on a new stack).
 * With retries off, a describe that meets a loading coordinator throws: not ready yet.
 */
export async function kafkaReady(info: StackInfo): Promise<boolean> {
  const admin = info.kafka.users.admin;
  if (!admin) return false;
  try {
    return await withAdmin(
      saslSslConfig(info, 'admin', admin.password, 'stack-readiness'),
      async (a) => {
        const cluster = await a.describeCluster();
        if (cluster.brokers.length === 0) return false;
        await a.describeGroups([READINESS_GROUP]);
        const { topics } = await a.fetchTopicMetadata({ topics: [OFFSETS_TOPIC] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length === 0 || partitions.some((p) => p.leader < 0)) return false;
        await a.describeGroups(
          groupsCoveringEveryOffsetsPartition(partitions.length, READINESS_GROUP),
        );
        return true;
      },
    );
  } catch {
    return false;
  }
}

export async function waitForKafka(
  paths: StackPaths,
  info: StackInfo,
  timeoutMs: number,
): Promise<void> {
  await waitForStartup(
    paths,
    {
      server: 'Kafka',
      processName: KAFKA_PROCESS,
      readyWord: 'ready',
      ready: () => kafkaReady(info),
      log: join(paths.kafka.logs, 'server.log'),
    },
    timeoutMs,
  );
}

/** The catalog topics and the service ACLs for the default prefix; both idempotent. */
export async function provisionKafka(info: StackInfo, prefix = 'marketfeed'): Promise<string[]> {
  return withAdmin(plaintextConfig(info), async (admin) => {
    const before = new Set(await admin.listTopics());
    await provisionPrefix(info, prefix);
    return catalogTopics(topicCatalog(prefix))
      .map((topic) => topic.name)
      .filter((name) => !before.has(name));
  });
}
