import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * What the local stack (`npm run stack:up`, tools/stack writes it) puts in `.stack/stack.json`
 * for its clients. The one reader of that file: tools/stack re-exports it.
 */
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
 * Reads and checks `file`. A missing file is a one-line error naming the fix, so an integration
 * test run without the stack says so instead of timing out.
 */
export function readStackFile(file: string): StackInfo {
  if (!existsSync(file))
    throw new StackNotRunningError(`local stack not running: run npm run stack:up (no ${file})`);
  return parseStackInfo(readFileSync(file, 'utf8'), file);
}

// src/ or dist/ of packages/testkit: the repository root is three levels up.
const DEFAULT_FILE = resolve(import.meta.dirname, '../../..', '.stack', 'stack.json');

/** The running local stack's connection details (`MARKETFEED_STACK_JSON` overrides the file). */
export function stackInfo(file = process.env.MARKETFEED_STACK_JSON ?? DEFAULT_FILE): StackInfo {
  return readStackFile(file);
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
