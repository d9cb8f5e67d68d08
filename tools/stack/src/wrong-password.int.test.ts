import { describe, expect, it } from 'vitest';
import { kafkaAs, stackInfo } from '../test/int-test-kit.js';

describe('SCRAM authentication', () => {
  it('rejects a known user with the wrong password', async () => {
    const info = stackInfo();
    const admin = kafkaAs(info, 'customer-demo', 'not-the-password').admin();
    const error = await admin.connect().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    await admin.disconnect();
    expect(error?.name).toBe('KafkaJSSASLAuthenticationError');
    expect(error?.message).toMatch(/SCRAM SHA512 authentication failed/i);
  });
});
