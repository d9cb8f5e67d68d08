import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the local stack (`npm run stack:up`) writes to `.stack/stack.json` for its clients. */
export interface StackInfo {
  kafka: {
    /** PLAINTEXT on loopback, no auth: the super user ANONYMOUS, for test setup only. */
    plaintext: string;
    /** SASL_SSL with SCRAM-SHA-512: what services and customers use. */
    saslSsl: string;
    caFile: string;
    users: Record<string, { password: string }>;
  };
  opensearch: { url: string };
}

// src/ or dist/ of packages/testkit: the repository root is three levels up.
const DEFAULT_FILE = resolve(import.meta.dirname, '../../..', '.stack', 'stack.json');

/**
 * The running local stack's connection details. A missing file is a one-line error naming the
 * fix, so an integration test run without the stack says so instead of timing out.
 */
export function stackInfo(file = process.env.MARKETFEED_STACK_JSON ?? DEFAULT_FILE): StackInfo {
  if (!existsSync(file))
    throw new Error(`local stack not running: run npm run stack:up (no ${file})`);
  return JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
}

/** The password of a stack SCRAM user, with an error naming the users that exist. */
export function passwordOf(info: StackInfo, user: string): string {
  const entry = info.kafka.users[user];
  if (!entry)
    throw new Error(
      `no SCRAM user "${user}" in stack.json (have: ${Object.keys(info.kafka.users).join(', ')}); run npm run stack:up`,
    );
  return entry.password;
}

export const stackDir = (): string => join(resolve(import.meta.dirname, '../../..'), '.stack');
