import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { SCRAM_USERS } from './acls.js';

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

export async function loadOrCreateCredentials(file: string): Promise<StackCredentials> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StackCredentials;
  const credentials: StackCredentials = {
    clusterId: newClusterId(),
    keystorePassword: secret(),
    users: Object.fromEntries(SCRAM_USERS.map((user) => [user, secret()])),
  };
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}
