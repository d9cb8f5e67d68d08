import { describe, expect, it } from 'vitest';
import {
  appConfig,
  loaderProblems,
  requiredVariables,
  unknownVariables,
  type AppConfigModule,
  type Env,
} from './app-config.js';
import {
  loadCompose,
  readEnvFile,
  serviceEnvironment,
  userEnvScenarios,
  type ComposeService,
} from './compose.js';
import { APPS, importRepoModule, type AppName } from './repo.js';

/*
 * One env contract, three places: each app's config schema (the truth), docker-compose.yml, and
 * the ECS task definitions infra builds. Every variable compose or ECS sets must be one the app
 * reads, every variable the app requires must be set, and the app's own loader must accept the
 * result — the same call main.ts makes at boot.
 */

const configs = Object.fromEntries(
  await Promise.all(APPS.map(async (app) => [app, await appConfig(app)] as const)),
) as Record<AppName, AppConfigModule>;

function expectAccepted(
  cfg: AppConfigModule,
  env: Env,
  platform: ReadonlySet<string> = new Set(),
  mounts: readonly string[] = [],
): void {
  expect(unknownVariables(cfg, env, platform), 'variables the app does not read').toEqual([]);
  const missing = requiredVariables(cfg).filter((name) => !env[name] && !env[`${name}_FILE`]);
  expect(missing, 'required variables not set').toEqual([]);
  expect(
    withoutMountedFiles(loaderProblems(cfg, env), mounts),
    'the app rejects this environment at boot',
  ).toEqual([]);
}

/**
 * The loaders check that files they are pointed at are readable (a wrong path is a config
 * error naming the variable). A file inside the container exists only there, so here it passes
 * when compose mounts a volume at or above its path; a path outside every mount still fails.
 */
function withoutMountedFiles(problems: string[], mounts: readonly string[]): string[] {
  return problems.filter((problem) => {
    const path = /^\w+: cannot read (\/\S+?);/.exec(problem)?.[1];
    return !path || !mounts.some((target) => path.startsWith(`${target.replace(/\/$/, '')}/`));
  });
}

function mountTargets(service: ComposeService): string[] {
  return (service.volumes ?? []).flatMap((volume) => {
    const target = typeof volume === 'string' ? volume.split(':')[1] : volume.target;
    return target ? [target] : [];
  });
}

describe('the drift check itself', () => {
  it('catches a misspelt variable, a missing required one and a value the app rejects', () => {
    const sink = configs['opensearch-sink'];
    const env = {
      KAFKA_BROKER: 'kafka:9094',
      KAFKA_BROKERS: 'kafka:9094',
      OPENSEARCH_AUTH: 'kerberos',
    };
    expect(unknownVariables(sink, env)).toEqual(['KAFKA_BROKER']);
    expect(requiredVariables(sink)).toContain('OPENSEARCH_URL');
    expect(loaderProblems(sink, env).join('\n')).toMatch(
      /OPENSEARCH_URL[\s\S]*OPENSEARCH_AUTH|OPENSEARCH_AUTH[\s\S]*OPENSEARCH_URL/,
    );
  });
});

describe('docker compose sets what each app reads', () => {
  const scenarios: Record<string, Env> = {
    ...userEnvScenarios(),
    'another topic prefix': { FEED_TOPIC_PREFIX: 'feed2', OPENSEARCH_INDEX_PREFIX: 'feed2' },
  };
  // .env.example lines are placeholders; fill the empty ones the way a user would.
  const example = scenarios['.env.example with every line uncommented']!;
  Object.assign(example, {
    INGEST_SOURCE: 'simulator',
    ALPACA_KEY_ID: 'AK123',
    ALPACA_SECRET_KEY: 's3cr3t',
  });
  for (const name of Object.keys(example))
    if (/^KAFKA_\w+_PASSWORD$/.test(name) && !example[name]) example[name] = 'my-own-dev-password';

  for (const app of APPS)
    it.each(Object.keys(scenarios))(`${app}, with %s`, (scenario) => {
      const service = loadCompose(scenarios[scenario])?.services[app];
      expect(service, `compose service ${app}`).toBeDefined();
      expectAccepted(configs[app], serviceEnvironment(service!), new Set(), mountTargets(service!));
    });

  it('still fails a file path that no volume of the service mounts', () => {
    const service = loadCompose({})?.services['enricher'];
    const env = { ...serviceEnvironment(service!), KAFKA_SSL_CA_FILE: '/nowhere/ca.pem' };
    expect(
      withoutMountedFiles(loaderProblems(configs['enricher'], env), mountTargets(service!)),
    ).toEqual([expect.stringMatching(/^KAFKA_SSL_CA_FILE: cannot read \/nowhere\/ca\.pem;/)]);
  });

  it('uses every variable .env.example offers', async () => {
    const { interpolatedVariables } = await import('./compose.js');
    const used = interpolatedVariables();
    const offered = Object.keys(readEnvFile('.env.example', { includeCommented: true }));
    expect(offered.filter((name) => !used.has(name))).toEqual([]);
  });
});

interface TaskEnv {
  environment: Record<string, string>;
  secrets: Record<string, string>;
}
interface InfraEnvConfig {
  env: string;
  region: string;
  kafka: { topicPrefix: string };
  services: {
    logLevel: string;
    ingestor: { source: 'simulator' | 'alpaca'; symbols: string[]; alpacaFeed: string };
    enricher: { indicatorThresholdPct: number };
  };
}

const taskEnvModule = await importRepoModule('infra/src/services/task-env.ts');
const taskEnvironment = taskEnvModule.taskEnvironment as (app: AppName, inputs: unknown) => TaskEnv;
const example = taskEnvModule.exampleTaskEnvInputs as Record<string, unknown> & {
  ingestor: Record<string, unknown>;
};
const resolvedForSchemaCheck = taskEnvModule.resolvedForSchemaCheck as (env: TaskEnv) => Env;
const { environments } = (await importRepoModule('infra/config/index.ts')) as {
  environments: InfraEnvConfig[];
};

/** What Fargate adds to every container itself (not set by the task definition). */
const fargateEnv = (region: string): Env => ({
  AWS_REGION: region,
  AWS_DEFAULT_REGION: region,
  AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/00000000-0000-0000-0000-000000000000',
  ECS_CONTAINER_METADATA_URI: 'http://169.254.170.2/v3/x',
  ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/x',
});
const FARGATE_VARIABLES = new Set(Object.keys(fargateEnv('us-east-1')));

/** Task env inputs for one environment: its config values, with placeholder ARNs and endpoints. */
function inputsFor(cfg: InfraEnvConfig, source: 'simulator' | 'alpaca') {
  return {
    ...example,
    region: cfg.region,
    topicPrefix: cfg.kafka.topicPrefix,
    indexPrefix: cfg.kafka.topicPrefix,
    logLevel: cfg.services.logLevel,
    ingestor: {
      ...example.ingestor,
      source,
      symbols: cfg.services.ingestor.symbols,
      alpacaFeed: cfg.services.ingestor.alpacaFeed,
      alpacaSecretArn: source === 'alpaca' ? example.ingestor.alpacaSecretArn : undefined,
    },
    enricher: { indicatorThresholdPct: cfg.services.enricher.indicatorThresholdPct },
  };
}

const SECRET_NAMES = /PASSWORD|SECRET|TOKEN|_KEY_ID$/;

describe('the ECS task definitions set what each app reads', () => {
  const cases = environments.flatMap((cfg) =>
    (['simulator', 'alpaca'] as const)
      .filter((source) => source === cfg.services.ingestor.source || source === 'alpaca')
      .flatMap((source) =>
        APPS.map((app) => ({
          name: `${cfg.env}: ${app} (ingestor on ${source})`,
          cfg,
          source,
          app,
        })),
      ),
  );

  it.each(cases)('$name', ({ cfg, source, app }) => {
    const task = taskEnvironment(app, inputsFor(cfg, source));
    expectAccepted(
      configs[app],
      { ...fargateEnv(cfg.region), ...resolvedForSchemaCheck(task) },
      FARGATE_VARIABLES,
    );
  });

  it.each(cases)(
    '$name: secrets come from Secrets Manager (valueFrom), never plain environment',
    ({ cfg, source, app }) => {
      const task = taskEnvironment(app, inputsFor(cfg, source));
      expect(Object.keys(task.environment).filter((name) => SECRET_NAMES.test(name))).toEqual([]);
      for (const valueFrom of Object.values(task.secrets))
        expect(valueFrom).toMatch(/^arn:aws:secretsmanager:/);
    },
  );
});
