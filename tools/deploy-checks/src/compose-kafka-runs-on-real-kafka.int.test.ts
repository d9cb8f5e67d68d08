import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompose, serviceEnvironment } from './compose.js';
import { importRepoModule, repoPath } from './repo.js';

/*
 * No Docker engine here, so the compose Kafka runs without one: docker/kafka's own scripts and
 * server.properties, on the Kafka release the local stack resolved (the same version the compose
 * image pins), with the image's paths and ports mapped into a temp dir. What is checked is ours:
 * the CA and broker certificate, format-time SCRAM admin, the listeners, kafka-init's users,
 * topics and ACLs, and the console service — not Docker itself.
 */

const exec = (file: string, args: string[], env: Record<string, string>, timeout = 600_000) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, ...env }, timeout, maxBuffer: 16 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, output: `${stdout}${stderr}` }),
    );
  });

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const compose = loadCompose();
const initEnv = serviceEnvironment(compose.services['kafka-init']!);
const adminPassword = initEnv.KAFKA_ADMIN_PASSWORD!;

const TOOLS: Record<string, string> = {
  'kafka-storage.sh': 'kafka.tools.StorageTool',
  'kafka-server-start.sh': 'kafka.Kafka',
  'kafka-broker-api-versions.sh': 'org.apache.kafka.tools.BrokerApiVersionsCommand',
  'kafka-configs.sh': 'org.apache.kafka.tools.ConfigCommand',
  'kafka-topics.sh': 'org.apache.kafka.tools.TopicCommand',
  'kafka-acls.sh': 'org.apache.kafka.tools.AclCommand',
  'kafka-console-consumer.sh': 'org.apache.kafka.tools.consumer.ConsoleConsumer',
};

let dir = '';
let broker: ChildProcess | undefined;
let ports = { plaintext: 0, controller: 0, internal: 0, host: 0 };
let ca = '';

const client = (user: string, password: string, port = ports.internal) =>
  new kafkajs.Kafka({
    clientId: 'deploy-checks',
    brokers: [`localhost:${port}`],
    ssl: { ca: [ca], rejectUnauthorized: true },
    sasl: { mechanism: 'scram-sha-512', username: user, password },
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 2 },
  });

async function produce(kafka: InstanceType<typeof kafkajs.Kafka>, topic: string, value = '{}') {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key: 'AMZN', value }] });
  } finally {
    await producer.disconnect();
  }
}

const password = (user: string) =>
  initEnv[`KAFKA_${user.toUpperCase().replaceAll('-', '_')}_PASSWORD`]!;

beforeAll(async () => {
  const { resolveKafkaClasspath } = (await importRepoModule(
    'tools/stack/src/resolve-artifacts.ts',
  )) as {
    resolveKafkaClasspath: () => Promise<string>;
  };
  const lib = await resolveKafkaClasspath();
  ports = {
    plaintext: await freePort(),
    controller: await freePort(),
    internal: await freePort(),
    host: await freePort(),
  };
  dir = mkdtempSync(join(tmpdir(), 'compose-kafka-'));
  const p = (sub: string) => join(dir, sub);
  for (const sub of ['bin', 'config', 'secrets', 'ca', 'data', 'marketfeed/kafka'])
    mkdirSync(p(sub), { recursive: true });
  for (const [tool, main] of Object.entries(TOOLS)) {
    writeFileSync(
      p(`bin/${tool}`),
      `#!/usr/bin/env bash\nexec java \${KAFKA_HEAP_OPTS:--Xmx256m} -XX:+UseSerialGC -cp '${lib}/*' ${main} "$@"\n`,
    );
    chmodSync(p(`bin/${tool}`), 0o755);
  }
  // The image's paths and the compose network's names, mapped onto this machine.
  const mapped = (text: string) =>
    text
      .replaceAll('/opt/kafka/bin', p('bin'))
      .replaceAll('/opt/kafka/config', p('config'))
      .replaceAll('/etc/kafka/secrets', p('secrets'))
      .replaceAll('/etc/marketfeed/kafka-ca', p('ca'))
      .replaceAll('/opt/marketfeed/kafka', p('marketfeed/kafka'))
      .replaceAll('/var/lib/kafka/data', p('data'))
      .replaceAll('127.0.0.1:9092', `127.0.0.1:${ports.plaintext}`)
      .replaceAll('127.0.0.1:9093', `127.0.0.1:${ports.controller}`)
      .replaceAll('0.0.0.0:9094', `127.0.0.1:${ports.internal}`)
      .replaceAll('SASL_SSL://kafka:9094', `SASL_SSL://localhost:${ports.internal}`)
      .replaceAll('0.0.0.0:29094', `127.0.0.1:${ports.host}`)
      .replaceAll('localhost:9094', `localhost:${ports.host}`)
      // No `appuser` on this machine: the files stay with the invoking user.
      .replace(/^chown .*$/m, ': chown');
  for (const file of readdirSync(repoPath('docker/kafka'))) {
    writeFileSync(
      p(`marketfeed/kafka/${file}`),
      mapped(readFileSync(repoPath('docker/kafka', file), 'utf8')),
    );
    if (file.endsWith('.sh')) chmodSync(p(`marketfeed/kafka/${file}`), 0o755);
  }

  const certs = await exec('bash', [p('marketfeed/kafka/certs.sh')], {});
  expect(certs.code, certs.output).toBe(0);
  ca = readFileSync(p('ca/ca.pem'), 'utf8');

  const log = openSync(p('broker.log'), 'w');
  broker = spawn('bash', [p('marketfeed/kafka/kafka-start.sh')], {
    env: {
      ...process.env,
      KAFKA_CLUSTER_ID: 'bWFya2V0ZmVlZC1kZXYtMQ',
      KAFKA_ADMIN_PASSWORD: adminPassword,
      KAFKA_HEAP_OPTS: '-Xmx512m',
    },
    stdio: ['ignore', log, log],
  });
  // compose's health check, verbatim but for the port.
  const healthcheck = compose.services.kafka!.healthcheck!.test as string[];
  let healthy = false;
  for (let i = 0; i < 60 && !healthy && broker.exitCode === null; i++) {
    const args = healthcheck
      .slice(2)
      .map((a) => a.replace('127.0.0.1:9092', `127.0.0.1:${ports.plaintext}`));
    healthy = (await exec(p('bin/kafka-broker-api-versions.sh'), args, {}, 60_000)).code === 0;
    if (!healthy) await new Promise((r) => setTimeout(r, 2000));
  }
  expect(healthy, readFileSync(p('broker.log'), 'utf8').slice(-3000)).toBe(true);

  const init = await exec('bash', [p('marketfeed/kafka/init.sh')], {
    ...initEnv,
    KAFKA_BOOTSTRAP: `localhost:${ports.internal}`,
  });
  expect(init.code, init.output.slice(-3000)).toBe(0);
}, 900_000);

afterAll(async () => {
  if (broker && broker.exitCode === null) {
    const exited = new Promise((r) => broker!.once('exit', r));
    broker.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (broker.exitCode === null) broker.kill('SIGKILL');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('the compose Kafka, run from docker/kafka on the real broker', () => {
  it('lets each service user do its job over SASL_SSL, verifying the broker against the compose CA', async () => {
    await produce(client('ingestor', password('ingestor')), 'marketfeed.raw');
    await produce(client('ingestor', password('ingestor')), 'marketfeed.dlq');
    await produce(
      client('enricher', password('enricher')),
      'marketfeed.enriched',
      '{"symbol":"AMZN"}',
    );
  });

  it('denies what the ACLs do not grant', async () => {
    await expect(
      produce(client('ingestor', password('ingestor')), 'marketfeed.enriched'),
    ).rejects.toThrow(/authoriz/i);
    await expect(
      produce(client('customer-demo', password('customer-demo')), 'marketfeed.enriched'),
    ).rejects.toThrow(/authoriz/i);
    const admin = client('customer-demo', password('customer-demo')).admin();
    await admin.connect();
    try {
      await expect(admin.fetchTopicOffsets('marketfeed.raw')).rejects.toThrow(/authoriz/i);
    } finally {
      await admin.disconnect();
    }
  });

  it('rejects a wrong password', async () => {
    await expect(produce(client('ingestor', 'not-the-password'), 'marketfeed.raw')).rejects.toThrow(
      /authentication/i,
    );
  });

  it('serves host tools on the HOST listener (localhost:9094 in compose) with the same certificate', async () => {
    await produce(client('ingestor', password('ingestor'), ports.host), 'marketfeed.raw');
  });

  it('shows the enriched feed to the demo customer through the console service', async () => {
    const { code, output } = await exec(
      'bash',
      [
        join(dir, 'marketfeed/kafka/console.sh'),
        'marketfeed.enriched',
        '--max-messages',
        '1',
        '--timeout-ms',
        '60000',
      ],
      {
        KAFKA_BOOTSTRAP: `localhost:${ports.internal}`,
        KAFKA_CUSTOMER_DEMO_PASSWORD: password('customer-demo'),
      },
      180_000,
    );
    expect(code, output).toBe(0);
    expect(output).toContain('{"symbol":"AMZN"}');
  }, 200_000);

  it('re-runs kafka-init cleanly (idempotent)', async () => {
    const again = await exec('bash', [join(dir, 'marketfeed/kafka/init.sh')], {
      ...initEnv,
      KAFKA_BOOTSTRAP: `localhost:${ports.internal}`,
    });
    expect(again.code, again.output.slice(-2000)).toBe(0);
  }, 900_000);
});
