/**
 * The environment each ECS task definition sets, as data. Pure (no cdktf import) so that the
 * env-contract drift test can check it against each app's config schema without loading the
 * CDKTF app: import it from `@marketfeed/infra/task-env`. Users, group and transactional-id
 * names come from the feed's contract (`@marketfeed/kafka/contract`), never re-derived here.
 */
import { mskSecretName, serviceIds, type ServiceUser } from '@marketfeed/kafka/contract';

export const APPS = ['ingestor', 'enricher', 'opensearch-sink'] as const;
export type AppName = (typeof APPS)[number];

/**
 * The contract's SCRAM user per app, the principal its ACLs name; the secret `AmazonMSK_<user>`
 * holds {"username","password"}.
 */
const KAFKA_USERS: Record<AppName, ServiceUser> = {
  ingestor: 'ingestor',
  enricher: 'enricher',
  'opensearch-sink': 'sink',
};
export const kafkaUsername = (app: AppName): ServiceUser => KAFKA_USERS[app];

/** Consumer group of a consuming app: the contract's `serviceIds`, the names its ACLs grant. */
export const consumerGroupId = (
  app: 'enricher' | 'opensearch-sink',
  topicPrefix: string,
): string =>
  app === 'enricher' ? serviceIds(topicPrefix).enricherGroup : serviceIds(topicPrefix).sinkGroup;

export const CONTAINER_PORT = 8080;

export interface TaskEnvInputs {
  /** Comma-separated host:port list (MSK's SASL/SCRAM bootstrap string). */
  kafkaBrokers: string;
  /** ARN of the app's `AmazonMSK_<app>` secret. */
  kafkaPasswordSecretArn: (app: AppName) => string;
  /** Region of the OpenSearch domain (SigV4 signing). */
  region: string;
  topicPrefix: string;
  logLevel: string;
  /** https:// URL of the OpenSearch domain (sink only). */
  opensearchUrl: string;
  indexPrefix: string;
  ingestor: {
    /** `replay` needs a file inside the task and is a local/CI source only. */
    source: 'simulator' | 'alpaca';
    symbols: readonly string[];
    alpacaFeed: string;
    /** Secret with JSON keys `key_id` and `secret_key`; required when source is alpaca. */
    alpacaSecretArn?: string | undefined;
  };
  enricher: { indicatorThresholdPct: number };
}

export interface TaskEnv {
  /** Plain variables (`environment` in the container definition). */
  environment: Record<string, string>;
  /** Variable name to Secrets Manager `valueFrom` (`secrets` in the container definition). */
  secrets: Record<string, string>;
}

/** `valueFrom` for one JSON key of a secret: `<arn>:<key>::` (ECS resolves the key at start). */
export const secretJsonKey = (secretArn: string, key: string): string => `${secretArn}:${key}::`;

export function taskEnvironment(app: AppName, inputs: TaskEnvInputs): TaskEnv {
  const environment: Record<string, string> = {
    KAFKA_BROKERS: inputs.kafkaBrokers,
    KAFKA_SSL: 'true',
    // MSK's broker certificates chain to a public CA that Node already trusts.
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_USERNAME: kafkaUsername(app),
    FEED_TOPIC_PREFIX: inputs.topicPrefix,
    PORT: String(CONTAINER_PORT),
    LOG_LEVEL: inputs.logLevel,
    // The EMF metric lines the app-figure alarms read (src/monitoring/metrics.ts).
    METRICS_EMF: 'true',
  };
  const secrets: Record<string, string> = {
    KAFKA_PASSWORD: secretJsonKey(inputs.kafkaPasswordSecretArn(app), 'password'),
  };

  switch (app) {
    case 'ingestor': {
      const ing = inputs.ingestor;
      environment.INGEST_SOURCE = ing.source;
      if (ing.source === 'simulator') environment.SIMULATOR_SYMBOLS = ing.symbols.join(',');
      if (ing.source === 'alpaca') {
        environment.SYMBOLS = ing.symbols.join(',');
        environment.ALPACA_FEED = ing.alpacaFeed;
        if (!ing.alpacaSecretArn) throw new Error('ingestor source "alpaca" needs alpacaSecretArn');
        secrets.ALPACA_KEY_ID = secretJsonKey(ing.alpacaSecretArn, 'key_id');
        secrets.ALPACA_SECRET_KEY = secretJsonKey(ing.alpacaSecretArn, 'secret_key');
      }
      break;
    }
    case 'enricher':
      environment.ENRICHER_GROUP_ID = consumerGroupId('enricher', inputs.topicPrefix);
      environment.ENRICHER_TRANSACTIONAL_ID_PREFIX = serviceIds(
        inputs.topicPrefix,
      ).enricherTransactionalId;
      environment.INDICATOR_THRESHOLD_PCT = String(inputs.enricher.indicatorThresholdPct);
      break;
    case 'opensearch-sink':
      environment.SINK_GROUP_ID = consumerGroupId('opensearch-sink', inputs.topicPrefix);
      environment.OPENSEARCH_URL = inputs.opensearchUrl;
      // The domain's access policy admits signed requests from the sink's task role only.
      environment.OPENSEARCH_AUTH = 'sigv4';
      environment.OPENSEARCH_AWS_REGION = inputs.region;
      environment.OPENSEARCH_INDEX_PREFIX = inputs.indexPrefix;
      break;
  }
  return { environment, secrets };
}

/** Realistic, literal inputs for tests that check the contract without synthesizing. */
export const exampleTaskEnvInputs: TaskEnvInputs = {
  kafkaBrokers:
    'b-1.feeddev.abc123.c2.kafka.us-east-1.amazonaws.com:9096,b-2.feeddev.abc123.c2.kafka.us-east-1.amazonaws.com:9096',
  region: 'us-east-1',
  kafkaPasswordSecretArn: (app) =>
    `arn:aws:secretsmanager:us-east-1:111111111111:secret:${mskSecretName(kafkaUsername(app))}-AbCdEf`,
  topicPrefix: 'marketfeed',
  logLevel: 'info',
  opensearchUrl: 'https://vpc-feed-dev-abc123.us-east-1.es.amazonaws.com',
  indexPrefix: 'marketfeed',
  ingestor: {
    source: 'alpaca',
    symbols: ['AMZN', 'NVDA'],
    alpacaFeed: 'iex',
    alpacaSecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:feed-dev/alpaca-AbCdEf',
  },
  enricher: { indicatorThresholdPct: 5 },
};

/** `taskEnvironment` with the example inputs, for either deployable ingestor source. */
export function exampleTaskEnvironment(
  app: AppName,
  ingestSource: TaskEnvInputs['ingestor']['source'] = 'alpaca',
): TaskEnv {
  return taskEnvironment(app, {
    ...exampleTaskEnvInputs,
    ingestor: { ...exampleTaskEnvInputs.ingestor, source: ingestSource },
  });
}

/**
 * What the process sees at start: the plain variables plus each secret resolved to a
 * placeholder. For schema checks only.
 */
export function resolvedForSchemaCheck(
  env: TaskEnv,
  placeholder = 'resolved-secret-value',
): Record<string, string> {
  return {
    ...env.environment,
    ...Object.fromEntries(Object.keys(env.secrets).map((k) => [k, placeholder])),
  };
}
