import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { STACK_SCRAM_USERS } from '@marketfeed/kafka/contract';

/** Secrets generated at first start, never in the repo; kept until `down --wipe`. */
export interface StackCredentials {
  clusterId: string;
  keystorePassword: string;
  users: Record<string, string>;
}

/** Kafka cluster ids are 16 random bytes in unpadded base64url (what `kafka-storage random-uuid` prints). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

// Hex, so the values need no quoting in JAAS lines, shell wrappers or StorageTool arguments.
const secret = () => randomBytes(18).toString('hex');

/** The contract's stack users that a credentials file has no password for yet. */
export function missingUsers(credentials: StackCredentials): string[] {
  return STACK_SCRAM_USERS.filter((user) => credentials.users[user] === undefined);
}

export function loadCredentialsIfAny(file: string): StackCredentials | undefined {
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as StackCredentials)
    : undefined;
}

/**
 * Reads the credentials file, creating it on first start. A user the contract gained since
 * (e.g. `web`) gets a password here; `added` names them, because a broker formatted earlier
 * does not know them yet.
 */
export async function loadOrCreateCredentials(
  file: string,
): Promise<{ credentials: StackCredentials; added: string[] }> {
  const credentials: StackCredentials = loadCredentialsIfAny(file) ?? {
    clusterId: newClusterId(),
    keystorePassword: secret(),
    users: {},
  };
  const added = missingUsers(credentials);
  if (added.length === 0) return { credentials, added };
  for (const user of added) credentials.users[user] = secret();
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { credentials, added };
}
