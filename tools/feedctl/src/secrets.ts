import { randomBytes } from 'node:crypto';

/**
 * 32 random bytes as base64url (43 characters): no quote, bracket, comma or backslash, so the
 * value is safe inside a JAAS line, a Java properties file, kafka-configs' `[password=...]`
 * syntax and a shell variable without escaping.
 */
export function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}
