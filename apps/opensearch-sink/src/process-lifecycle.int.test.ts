import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, runToExit } from '@marketfeed/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { barSeries } from '../test/bars.js';
import { eventually, StackWorld } from '../test/stack-harness.js';

const mainJs = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Runs dist/main.js to its exit with only `env` (and PATH) in its environment. */
function runMain(env: Record<string, string | undefined>) {
  return runToExit(process.execPath, [mainJs], { env: { PATH: process.env.PATH, ...env } });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

let world: StackWorld;
let child: ChildProcess | undefined;
beforeEach(async () => {
  world = new StackWorld();
  await world.setUp();
});
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await world.tearDown();
});

describe('the sink process (dist/main.js)', () => {
  it('serves /readyz and /metrics, indexes, and exits 0 after a graceful SIGTERM', async () => {
    const port = await freePort();
    const env = world.processEnv({
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SINK_LAG_INTERVAL_MS: '500',
    });
    const bars = barSeries(['AMZN', 'NVDA'], 40);
    await world.produce(bars);
    child = spawn(process.execPath, [mainJs], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const base = `http://127.0.0.1:${port}`;

    await eventually('ready', async () =>
      (await fetch(`${base}/readyz`)).status === 200 ? true : undefined,
    );
    await world.waitForDocuments(bars.length, 'all bars searchable');
    const metrics = await eventually('metrics with lag 0', async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return /sink_documents_total\{[^}]*result="indexed"[^}]*\} 80/.test(text) &&
        /sink_consumer_lag\{[^}]*\} 0/.test(text) &&
        !/sink_consumer_lag\{[^}]*\} [1-9]/.test(text)
        ? text
        : undefined;
    });
    expect(metrics).toMatch(/sink_bulk_duration_seconds_bucket/);

    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
    expect(await world.fullyCommitted(`${world.topicPrefix}-opensearch-sink`)).toBe(true);
  });

  it('refuses to start with a bad configuration, naming the variable (exit 78)', async () => {
    const { code, stderr } = await runMain({
      KAFKA_BROKERS: world.info.kafka.plaintext,
      OPENSEARCH_URL: 'not a url',
    });
    expect(code).toBe(78);
    expect(stderr).toContain('OPENSEARCH_URL');
  });

  it('exits 77 with one line naming KAFKA_USERNAME/KAFKA_PASSWORD when Kafka refuses the password', async () => {
    const { code, stderr } = await runMain({
      PORT: String(await freePort()),
      KAFKA_BROKERS: world.info.kafka.saslSsl,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: world.info.kafka.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_USERNAME: 'sink',
      KAFKA_PASSWORD: 'not-the-password',
      FEED_TOPIC_PREFIX: world.topicPrefix,
      OPENSEARCH_URL: world.osUrl,
      OPENSEARCH_INDEX_PREFIX: world.indexPrefix,
      OPENSEARCH_REPLICAS: '0',
    });
    expect(code, stderr).toBe(77);
    expect(stderr).toBe(
      'opensearch-sink: Kafka rejected the SASL credentials for KAFKA_USERNAME=sink; check KAFKA_USERNAME/KAFKA_PASSWORD (or KAFKA_PASSWORD_FILE)\n',
    );
  });

  it('refuses to start when KAFKA_SSL_CA_FILE cannot be read, naming it (exit 78)', async () => {
    const { code, stderr } = await runMain({
      KAFKA_BROKERS: world.info.kafka.saslSsl,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: '/nope/ca.pem',
      OPENSEARCH_URL: world.osUrl,
    });
    expect(code).toBe(78);
    expect(stderr).toMatch(
      /^opensearch-sink: invalid configuration:\n {2}KAFKA_SSL_CA_FILE: cannot read \/nope\/ca\.pem/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
