import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import kafkajs from 'kafkajs';
import { grantServiceAcls } from './acls.js';
import { plaintextConfig } from './kafka-client-config.js';
import { loadCredentialsIfAny, missingUsers } from './credentials.js';
import {
  addScramUsers,
  KAFKA_PROCESS,
  kafkaReady,
  prepareKafka,
  provisionKafka,
  startKafka,
  waitForKafka,
} from './kafka-runner.js';
import {
  OPENSEARCH_PROCESS,
  openSearchHealth,
  prepareOpenSearch,
  startOpenSearch,
  waitForOpenSearch,
} from './opensearch-runner.js';
import { checkPrerequisites } from './prerequisites.js';
import { portInUse } from './ports.js';
import { StackError } from './errors.js';
import { type StackPaths } from './paths.js';
import { removePidFile, runningPid, stackMarker, stopProcess } from './processes.js';
import { type Progress } from './progress.js';
import {
  artifactsCached,
  resolveKafkaClasspath,
  resolveOpenSearchZip,
} from './resolve-artifacts.js';
import { readStackInfo, type StackInfo } from './stack-info.js';
import { withUpLock } from './up-lock.js';
import { KAFKA_VERSION, OPENSEARCH_VERSION, PORTS } from './versions.js';

const OPENSEARCH_URL = `http://127.0.0.1:${PORTS.opensearchHttp}`;
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

export interface ServerStatus {
  name: 'kafka' | 'opensearch';
  pid?: number;
  healthy: boolean;
  detail: string;
}

function stackInfoOrUndefined(paths: StackPaths): StackInfo | undefined {
  try {
    return readStackInfo(paths.stackJson);
  } catch {
    return undefined;
  }
}

/** A server is stopped (no pid), ready, or running but not ready; `detail` says which. */
function serverStatus(
  name: ServerStatus['name'],
  pid: number | undefined,
  healthy: boolean,
  ready: string,
  notReady: string,
): ServerStatus {
  return {
    name,
    ...(pid ? { pid } : {}),
    healthy,
    detail: !pid ? 'stopped' : healthy ? ready : notReady,
  };
}

export async function stackStatus(paths: StackPaths): Promise<ServerStatus[]> {
  const marker = stackMarker(paths.root);
  const info = stackInfoOrUndefined(paths);
  const [kafkaPid, osPid] = await Promise.all([
    runningPid(paths.run, KAFKA_PROCESS, marker),
    runningPid(paths.run, OPENSEARCH_PROCESS, marker),
  ]);
  const [kafkaOk, osHealth] = await Promise.all([
    kafkaPid && info ? kafkaReady(info) : Promise.resolve(false),
    osPid ? openSearchHealth(OPENSEARCH_URL) : Promise.resolve('down' as const),
  ]);
  const kafka = serverStatus(
    'kafka',
    kafkaPid,
    kafkaOk,
    `ready  Kafka ${KAFKA_VERSION}  SASL_SSL ${info?.kafka.saslSsl}  PLAINTEXT ${info?.kafka.plaintext}`,
    'running, not ready (SASL_SSL metadata request failed)',
  );
  const osOk = osHealth === 'green' || osHealth === 'yellow';
  const opensearch = serverStatus(
    'opensearch',
    osPid,
    osOk,
    `ready  OpenSearch ${OPENSEARCH_VERSION}  health ${osHealth}  ${OPENSEARCH_URL}`,
    `running, cluster health ${osHealth}`,
  );
  return [kafka, opensearch];
}

export function formatStatus(statuses: readonly ServerStatus[]): string {
  return statuses
    .map(
      (s) =>
        `${s.name.padEnd(11)} ${s.pid ? `pid ${String(s.pid).padEnd(8)}` : ' '.repeat(12)} ${s.detail}`,
    )
    .join('\n');
}

async function refuseForeignListener(port: number, what: string): Promise<void> {
  if (await portInUse(port)) {
    throw new StackError(
      `port ${port} (${what}) is already in use by a process this stack did not start — stop it (another Kafka/OpenSearch, or docker compose) and retry`,
    );
  }
}

function credentialsLackUsers(paths: StackPaths): boolean {
  const credentials = loadCredentialsIfAny(paths.kafka.credentials);
  return credentials !== undefined && missingUsers(credentials).length > 0;
}

export async function stackUp(paths: StackPaths, progress: Progress): Promise<ServerStatus[]> {
  await mkdir(paths.run, { recursive: true });
  return withUpLock(
    join(paths.run, 'up.lock'),
    () => progress.info('another stack:up is running; waiting for it'),
    async () => {
      const before = await stackStatus(paths);
      // A user the contract gained since this stack was created (e.g. `web`) is added in place.
      const usersPending = credentialsLackUsers(paths);
      if (before.every((s) => s.healthy) && !usersPending) {
        progress.info('already running; nothing to do');
        return before;
      }
      await progress.step('Checking java and mvn', () =>
        checkPrerequisites({ maven: !artifactsCached() }),
      );
      const classpath = await progress.step(
        `Resolving Kafka ${KAFKA_VERSION} from Maven Central (cached in ~/.cache/marketfeed)`,
        () => resolveKafkaClasspath(),
      );
      const zip = await progress.step(
        `Resolving OpenSearch ${OPENSEARCH_VERSION} from Maven Central`,
        () => resolveOpenSearchZip(),
      );
      const kafkaRunning = before.find((s) => s.name === 'kafka')?.pid !== undefined;
      const osRunning = before.find((s) => s.name === 'opensearch')?.pid !== undefined;

      // OpenSearch is the slower server to become healthy, so it boots while Kafka's certificates
      // and storage are prepared.
      if (!osRunning) {
        const prepared = await progress.step('Preparing OpenSearch', () =>
          prepareOpenSearch(paths, zip),
        );
        await refuseForeignListener(PORTS.opensearchHttp, 'OpenSearch HTTP');
        const pid = await startOpenSearch(paths, prepared);
        progress.info(`OpenSearch started (pid ${pid}), logs in ${prepared.layout.logs}`);
      }
      // A running broker keeps its config and secrets; only a stopped one is (re)prepared.
      const { info, newUsers } =
        kafkaRunning && !usersPending
          ? { info: readStackInfo(paths.stackJson), newUsers: [] }
          : await progress.step('Preparing Kafka (certificates, SCRAM users, config)', () =>
              prepareKafka(paths, classpath, OPENSEARCH_URL),
            );
      if (!kafkaRunning) {
        await refuseForeignListener(PORTS.kafkaPlaintext, 'Kafka PLAINTEXT');
        await refuseForeignListener(PORTS.kafkaSaslSsl, 'Kafka SASL_SSL');
        const pid = await startKafka(paths, classpath);
        progress.info(`Kafka started (pid ${pid}), logs in ${paths.kafka.logs}`);
      }
      await Promise.all([
        progress.step('Waiting for Kafka (SASL_SSL admin metadata)', () =>
          waitForKafka(paths, info, START_TIMEOUT_MS),
        ),
        progress.step('Waiting for OpenSearch (cluster health yellow)', () =>
          waitForOpenSearch(paths, OPENSEARCH_URL, START_TIMEOUT_MS),
        ),
      ]);
      if (newUsers.length > 0)
        await progress.step(`Adding SCRAM users ${newUsers.join(', ')}`, () =>
          addScramUsers(paths, info, newUsers),
        );
      const created = await progress.step('Creating topics and ACLs', () => provisionKafka(info));
      if (created.length > 0) progress.info(`created ${created.join(', ')}`);
      return stackStatus(paths);
    },
  );
}

export async function stackDown(
  paths: StackPaths,
  wipe: boolean,
  log: (line: string) => void,
): Promise<void> {
  const marker = stackMarker(paths.root);
  await Promise.all(
    [OPENSEARCH_PROCESS, KAFKA_PROCESS].map(async (name) => {
      const pid = await runningPid(paths.run, name, marker);
      if (pid === undefined) {
        log(`${name}: not running`);
      } else {
        log(`${name}: stopping pid ${pid}`);
        const how = await stopProcess(pid, STOP_TIMEOUT_MS);
        log(
          `${name}: ${how === 'stopped' ? 'stopped' : `killed after ${STOP_TIMEOUT_MS / 1000}s`}`,
        );
      }
      await removePidFile(paths.run, name);
    }),
  );
  if (wipe && existsSync(paths.root)) {
    // OpenSearch's directory may be a symlink to /var/lib (root with an unreachable repo dir).
    const osDir = paths.opensearch.dir;
    if (existsSync(osDir) && lstatSync(osDir).isSymbolicLink())
      await rm(dirname(readlinkSync(osDir)), { recursive: true, force: true });
    await rm(paths.root, { recursive: true, force: true });
    log(`wiped ${paths.root} (downloads stay cached in ~/.cache/marketfeed)`);
  }
}

/** `acls --prefix p`: the service ACL set on another topic prefix, over PLAINTEXT. */
export async function grantAclsForPrefix(paths: StackPaths, prefix: string): Promise<void> {
  const info = readStackInfo(paths.stackJson);
  const admin = new kafkajs.Kafka(plaintextConfig(info, 'stack-acls')).admin();
  await admin.connect();
  try {
    await grantServiceAcls(admin, prefix);
  } finally {
    await admin.disconnect();
  }
}
