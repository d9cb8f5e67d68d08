import { existsSync, readFileSync } from 'node:fs';
import { chmod, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  passwordOf,
  readStackFile,
  StackNotRunningError,
  type StackInfo,
} from '@marketfeed/testkit/stack-info';
import { stackPaths } from './paths.js';

export {
  parseStackInfo,
  StackNotRunningError,
  type StackInfo,
} from '@marketfeed/testkit/stack-info';

/**
 * Connection details of the running local stack, for integration tests:
 * `import { readStackInfo } from '@marketfeed/stack'`.
 */
export function readStackInfo(file = stackPaths().stackJson): StackInfo {
  const info = readStackFile(file);
  const runDir = join(dirname(file), 'run');
  if (existsSync(runDir) && !pidAlive(join(runDir, 'kafka.pid'))) {
    // `down` keeps stack.json (the passwords survive a restart), so its presence is not enough.
    throw new StackNotRunningError(
      `local stack not running: run npm run stack:up (Kafka is stopped)`,
    );
  }
  return info;
}

function pidAlive(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The password of a SCRAM user, with an error naming the users that exist. */
export const userPassword = passwordOf;

export async function writeStackInfo(
  info: StackInfo,
  file = stackPaths().stackJson,
): Promise<void> {
  // Written under a temporary name with 0600 first, so the passwords are never world-readable.
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/**
 * The shared env contract (README "env") for a service running against the local stack as SCRAM
 * user `user`, e.g. `{ ...process.env, ...serviceEnv(info, 'enricher') }` for a spawned app.
 */
export function serviceEnv(
  info: StackInfo,
  user: string,
  topicPrefix = 'marketfeed',
): Record<string, string> {
  return {
    KAFKA_BROKERS: info.kafka.saslSsl,
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: info.kafka.caFile,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_USERNAME: user,
    KAFKA_PASSWORD: userPassword(info, user),
    FEED_TOPIC_PREFIX: topicPrefix,
    OPENSEARCH_URL: info.opensearch.url,
    OPENSEARCH_AUTH: 'none',
  };
}
