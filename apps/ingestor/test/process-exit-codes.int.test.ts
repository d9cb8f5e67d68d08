import { fileURLToPath } from 'node:url';
import { freePort, runToExit, type ProcessResult } from '@marketfeed/testkit';
import { describe, expect, it } from 'vitest';
import { ingestorSettings, randomPrefix } from './kafka-test-env.js';

// The built app, as a container runs it: exit codes and stderr are the process's, not a function's.
const mainJs = fileURLToPath(new URL('../dist/main.js', import.meta.url));

async function runIngestor(env: Record<string, string>): Promise<ProcessResult> {
  return runToExit(process.execPath, [mainJs], {
    env: { PATH: process.env.PATH, PORT: String(await freePort()), ...env },
  });
}

/** The ingestor's SASL_SSL settings on the local stack, as environment variables. */
function saslEnv(password?: string): Record<string, string> {
  const s = ingestorSettings(randomPrefix());
  return {
    KAFKA_BROKERS: s.brokers.join(','),
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: s.caFile!,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_USERNAME: s.sasl!.username,
    KAFKA_PASSWORD: password ?? s.sasl!.password,
    FEED_TOPIC_PREFIX: s.topicPrefix,
  };
}

describe(
  'the ingestor process (dist/main.js) meeting an operator mistake',
  { timeout: 120_000 },
  () => {
    it('exits 77 with one line naming KAFKA_USERNAME/KAFKA_PASSWORD when the broker refuses the password', async () => {
      const { code, stderr, stdout } = await runIngestor(saslEnv('not-the-password'));
      expect(code, stderr).toBe(77);
      expect(stderr).toBe(
        'ingestor: Kafka rejected the SASL credentials for KAFKA_USERNAME=ingestor; check KAFKA_USERNAME/KAFKA_PASSWORD (or KAFKA_PASSWORD_FILE)\n',
      );
      expect(stdout).not.toContain('ingestor started');
    });

    it('exits 78 naming REPLAY_FILE before it starts when the recording does not exist', async () => {
      const { code, stderr, stdout } = await runIngestor({
        KAFKA_BROKERS: '127.0.0.1:9092',
        INGEST_SOURCE: 'replay',
        REPLAY_FILE: '/nope/bars.jsonl',
      });
      expect(code).toBe(78);
      expect(stderr).toBe(
        'ingestor: invalid configuration:\n  REPLAY_FILE: cannot read /nope/bars.jsonl; point it at a JSON-lines recording\n',
      );
      expect(stdout).toBe('');
    });

    it('exits 78 naming KAFKA_SSL_CA_FILE when the CA file does not exist', async () => {
      const { code, stderr } = await runIngestor({
        ...saslEnv('irrelevant'),
        KAFKA_SSL_CA_FILE: '/nope/ca.pem',
      });
      expect(code).toBe(78);
      expect(stderr).toMatch(
        /^ingestor: invalid configuration:\n {2}KAFKA_SSL_CA_FILE: cannot read \/nope\/ca\.pem;[^\n]*\n$/,
      );
    });

    it('exits 78 with one line naming the fix when the prefix has no topics', async () => {
      const env = saslEnv();
      const { code, stderr } = await runIngestor(env);
      expect(code, stderr).toBe(78);
      expect(stderr).toBe(
        `ingestor: topics missing: ${env.FEED_TOPIC_PREFIX}.raw, ${env.FEED_TOPIC_PREFIX}.corporate-actions, ${env.FEED_TOPIC_PREFIX}.dlq; create them (feedctl topics apply, or INGEST_CREATE_TOPICS=true for local runs) or fix FEED_TOPIC_PREFIX\n`,
      );
    });
  },
);
