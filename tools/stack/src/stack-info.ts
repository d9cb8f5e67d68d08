import { existsSync, readFileSync } from 'node:fs';
import { chmod, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stackPaths } from './paths.js';

/** The contract other packages' integration tests read: `.stack/stack.json`. */
export interface StackInfo {
  kafka: {
    /** PLAINTEXT, loopback only, no auth: admin/setup traffic (acts as super user ANONYMOUS). */
    plaintext: string;
    /** SASL_SSL with SCRAM-SHA-512: what services and customers use. */
    saslSsl: string;
    /** Absolute path of the per-stack CA certificate (PEM) that signed the broker certificate. */
    caFile: string;
    users: Record<string, { password: string }>;
  };
  opensearch: { url: string };
}

export class StackNotRunningError extends Error {
  override name = 'StackNotRunningError';
}

export function parseStackInfo(text: string, source: string): StackInfo {
  const value: unknown = JSON.parse(text);
  const info = value as Partial<StackInfo> | null;
  if (
    !info ||
    typeof info.kafka?.plaintext !== 'string' ||
    typeof info.kafka.saslSsl !== 'string' ||
    typeof info.kafka.caFile !== 'string' ||
    typeof info.kafka.users !== 'object' ||
    typeof info.opensearch?.url !== 'string'
  ) {
    throw new Error(
      `${source} is not a valid stack description; run npm run stack:down -- --wipe && npm run stack:up`,
    );
  }
  return info as StackInfo;
}

/**
 * Connection details of the running local stack, for integration tests:
 * `import { readStackInfo } from '@marketfeed/stack'`.
 */
export function readStackInfo(file = stackPaths().stackJson): StackInfo {
  if (!existsSync(file)) {
    throw new StackNotRunningError(`local stack not running: run npm run stack:up (no ${file})`);
  }
  const runDir = join(dirname(file), 'run');
  if (existsSync(runDir) && !pidAlive(join(runDir, 'kafka.pid'))) {
    // `down` keeps stack.json (the passwords survive a restart), so its presence is not enough.
    throw new StackNotRunningError(
      `local stack not running: run npm run stack:up (Kafka is stopped)`,
    );
  }
  return parseStackInfo(readFileSync(file, 'utf8'), file);
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
export function userPassword(info: StackInfo, user: string): string {
  const entry = info.kafka.users[user];
  if (!entry)
    throw new Error(
      `no SCRAM user "${user}" in stack.json (have: ${Object.keys(info.kafka.users).join(', ')})`,
    );
  return entry.password;
}

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
