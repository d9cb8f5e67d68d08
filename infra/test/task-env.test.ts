import { describe, expect, it } from 'vitest';
import { steadyEnvironments as environments } from './support/phases.js';
import {
  APPS,
  exampleTaskEnvInputs,
  exampleTaskEnvironment,
  resolvedForSchemaCheck,
  taskEnvironment,
  type AppName,
} from '../src/services/task-env.js';
import { containersOf, stackNamed, synthEnv } from './support/synth.js';

/** The shared env contract (root README "Configuration") plus each app's own variables. */
const SHARED = [
  'KAFKA_BROKERS',
  'KAFKA_SSL',
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_USERNAME',
  'KAFKA_PASSWORD',
  'FEED_TOPIC_PREFIX',
  'OPENSEARCH_URL',
  'OPENSEARCH_AUTH',
  'OPENSEARCH_USERNAME',
  'OPENSEARCH_PASSWORD',
  'OPENSEARCH_INDEX_PREFIX',
  'PORT',
  'LOG_LEVEL',
  'METRICS_EMF',
];
const OWN: Record<AppName, string[]> = {
  ingestor: [
    'INGEST_SOURCE',
    'ALPACA_KEY_ID',
    'ALPACA_SECRET_KEY',
    'ALPACA_FEED',
    'SYMBOLS',
    'SIMULATOR_SYMBOLS',
  ],
  enricher: ['ENRICHER_GROUP_ID', 'ENRICHER_TRANSACTIONAL_ID_PREFIX', 'INDICATOR_THRESHOLD_PCT'],
  'opensearch-sink': ['SINK_GROUP_ID', 'OPENSEARCH_AWS_REGION'],
};

describe.each(APPS)('the %s task environment', (app) => {
  const env = taskEnvironment(app, exampleTaskEnvInputs);
  const names = [...Object.keys(env.environment), ...Object.keys(env.secrets)];

  it('uses only names from the env contract', () => {
    for (const n of names) expect([...SHARED, ...OWN[app]]).toContain(n);
  });

  it('talks SCRAM over TLS with the app own user and trusts the public CA (no CA file)', () => {
    expect(env.environment).toMatchObject({
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_USERNAME: app === 'opensearch-sink' ? 'sink' : app,
      PORT: '8080',
    });
    expect(names).not.toContain('KAFKA_SSL_CA_FILE');
    expect(env.secrets.KAFKA_PASSWORD).toBe(
      `${exampleTaskEnvInputs.kafkaPasswordSecretArn(app)}:password::`,
    );
  });

  it('keeps every secret out of the plain environment', () => {
    for (const n of Object.keys(env.environment)) expect(n).not.toMatch(/PASSWORD|SECRET|KEY_ID/);
  });

  it('resolves to a flat env a config schema can parse', () => {
    const flat = resolvedForSchemaCheck(env);
    expect(Object.keys(flat).sort()).toEqual([...names].sort());
    expect(Object.values(flat).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
  });
});

describe('app-specific environment', () => {
  it('names the groups and transactional ids by the prefixes the ACLs grant', () => {
    expect(
      taskEnvironment('enricher', { ...exampleTaskEnvInputs, topicPrefix: 'mf' }).environment,
    ).toMatchObject({
      ENRICHER_GROUP_ID: 'mf-enricher',
      ENRICHER_TRANSACTIONAL_ID_PREFIX: 'mf-enricher',
    });
  });

  it('gives the ingestor its Alpaca keys as secrets only when the source is alpaca', () => {
    const alpaca = taskEnvironment('ingestor', exampleTaskEnvInputs);
    expect(Object.keys(alpaca.secrets).sort()).toEqual([
      'ALPACA_KEY_ID',
      'ALPACA_SECRET_KEY',
      'KAFKA_PASSWORD',
    ]);
    const sim = taskEnvironment('ingestor', {
      ...exampleTaskEnvInputs,
      ingestor: { ...exampleTaskEnvInputs.ingestor, source: 'simulator' },
    });
    expect(Object.keys(sim.secrets)).toEqual(['KAFKA_PASSWORD']);
    expect(sim.environment).toMatchObject({
      INGEST_SOURCE: 'simulator',
      SIMULATOR_SYMBOLS: 'AMZN,NVDA',
    });
    expect(sim.environment).not.toHaveProperty('SYMBOLS');
  });

  it('gives only the sink OpenSearch settings, authenticated with SigV4', () => {
    expect(taskEnvironment('opensearch-sink', exampleTaskEnvInputs).environment).toMatchObject({
      OPENSEARCH_URL: exampleTaskEnvInputs.opensearchUrl,
      OPENSEARCH_AUTH: 'sigv4',
      OPENSEARCH_AWS_REGION: 'us-east-1',
      OPENSEARCH_INDEX_PREFIX: 'marketfeed',
      SINK_GROUP_ID: 'marketfeed-opensearch-sink',
    });
    for (const app of ['ingestor', 'enricher'] as const)
      expect(
        Object.keys(taskEnvironment(app, exampleTaskEnvInputs).environment).filter((n) =>
          n.startsWith('OPENSEARCH'),
        ),
      ).toEqual([]);
  });

  it('offers the example environment per app and ingestor source', () => {
    expect(exampleTaskEnvironment('ingestor', 'simulator').environment.INGEST_SOURCE).toBe(
      'simulator',
    );
    expect(exampleTaskEnvironment('ingestor').secrets).toHaveProperty('ALPACA_KEY_ID');
    expect(exampleTaskEnvironment('enricher')).toEqual(
      taskEnvironment('enricher', exampleTaskEnvInputs),
    );
  });

  it('refuses an alpaca ingestor without a key secret', () => {
    expect(() =>
      taskEnvironment('ingestor', {
        ...exampleTaskEnvInputs,
        ingestor: { ...exampleTaskEnvInputs.ingestor, alpacaSecretArn: undefined },
      }),
    ).toThrow(/alpacaSecretArn/);
  });
});

describe.each(environments.map((c) => [c.env, c] as const))(
  'the %s task definitions',
  (env, cfg) => {
    const containers = containersOf(stackNamed(synthEnv(cfg), `feed-${env}`));

    it.each(APPS)('set exactly the variables taskEnvironment lists for %s', (app) => {
      const c = containers.get(`feed-${env}-${app}`);
      const expected = taskEnvironment(app, {
        ...exampleTaskEnvInputs,
        ingestor: { ...exampleTaskEnvInputs.ingestor, source: cfg.services.ingestor.source },
      });
      // Plus the Node runtime's NODE_OPTIONS, which FargateApp sizes to every task's memory.
      expect(c?.environment.map((e) => e.name).sort()).toEqual(
        [...Object.keys(expected.environment), 'NODE_OPTIONS'].sort(),
      );
      expect(c?.secrets.map((s) => s.name).sort()).toEqual(Object.keys(expected.secrets).sort());
    });
  },
);
