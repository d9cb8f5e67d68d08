import {
  envBool,
  envEnum,
  envInt,
  envOptionalString,
  envString,
  requiredByMode,
  type Env,
} from '@marketfeed/service';
import {
  kafkaServiceEnvShape,
  loadKafkaServiceConfig,
  type KafkaServiceBase,
  type ParsedEnv as KafkaParsedEnv,
} from '@marketfeed/kafka';
import { serviceIds } from '@marketfeed/kafka/contract';

/** Every variable the sink reads. Defaults are what a production deployment wants. */
export const sinkEnvShape = {
  ...kafkaServiceEnvShape,
  /** Must start with `<FEED_TOPIC_PREFIX>-opensearch-sink`: the ACLs grant that group prefix. */
  SINK_GROUP_ID: envOptionalString(),
  SINK_BULK_MAX_BYTES: envInt(5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  SINK_BULK_MAX_DOCS: envInt(2000, 1, 100_000),
  SINK_BULK_MAX_MS: envInt(200, 0, 60_000),
  SINK_CONCURRENCY: envInt(2, 1, 64),
  /** Documents held in memory (queued + in flight); consumption blocks when it is full. */
  SINK_MAX_BUFFERED_DOCS: envInt(20_000, 1, 10_000_000),
  SINK_RETRY_INITIAL_MS: envInt(200, 1, 600_000),
  SINK_RETRY_MAX_MS: envInt(30_000, 1, 3_600_000),
  SINK_COMMIT_INTERVAL_MS: envInt(1_000, 10, 600_000),
  SINK_LAG_INTERVAL_MS: envInt(15_000, 0, 3_600_000),

  OPENSEARCH_URL: envString(),
  OPENSEARCH_AUTH: envEnum(['none', 'basic', 'sigv4'], 'none'),
  OPENSEARCH_USERNAME: envOptionalString(),
  OPENSEARCH_PASSWORD: envOptionalString(),
  /** SigV4 signing region; ECS sets AWS_REGION for tasks. */
  OPENSEARCH_AWS_REGION: envOptionalString(),
  AWS_REGION: envOptionalString(),
  /** `es` for an OpenSearch Service domain, `aoss` for OpenSearch Serverless. */
  OPENSEARCH_AWS_SERVICE: envEnum(['es', 'aoss'], 'es'),
  OPENSEARCH_TLS_VERIFY: envBool(true),
  OPENSEARCH_CA_FILE: envOptionalString(),
  OPENSEARCH_REQUEST_TIMEOUT_MS: envInt(30_000, 100, 600_000),
  OPENSEARCH_INDEX_PREFIX: envString('marketfeed'),
  /** Days an index is kept after creation (ISM); 0 keeps indices forever. */
  OPENSEARCH_RETENTION_DAYS: envInt(400, 0, 36_500),
  OPENSEARCH_SHARDS: envInt(1, 1, 1024),
  OPENSEARCH_REPLICAS: envInt(1, 0, 16),
  OPENSEARCH_REFRESH_INTERVAL: envString('1s'),
};

export type OpenSearchAuth =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'sigv4'; region: string; service: 'es' | 'aoss' };

export interface OpenSearchSettings {
  url: string;
  auth: OpenSearchAuth;
  tlsVerify: boolean;
  caFile: string | undefined;
  requestTimeoutMs: number;
}

export interface IndexSettings {
  prefix: string;
  retentionDays: number;
  shards: number;
  replicas: number;
  refreshInterval: string;
}

export interface BulkSettings {
  maxBytes: number;
  maxDocs: number;
  maxMs: number;
  concurrency: number;
  maxBufferedDocs: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

export interface SinkConfig extends KafkaServiceBase {
  groupId: string;
  commitIntervalMs: number;
  lagIntervalMs: number;
  opensearch: OpenSearchSettings;
  index: IndexSettings;
  bulk: BulkSettings;
}

type Problem = { variable: string; reason: string };
type ParsedEnv = KafkaParsedEnv<typeof sinkEnvShape>;

// Index names must be lowercase and may not contain these (OpenSearch MetadataCreateIndexService).
const INDEX_PREFIX_RE = /^[a-z0-9][a-z0-9._-]{0,100}$/;
const REFRESH_RE = /^(-1|\d+(ms|s|m))$/;

function problemsOf(cfg: ParsedEnv): Problem[] {
  const problems: Problem[] = [];
  const groupPrefix = serviceIds(cfg.FEED_TOPIC_PREFIX).sinkGroup;
  if (cfg.SINK_GROUP_ID !== undefined && !cfg.SINK_GROUP_ID.startsWith(groupPrefix))
    problems.push({
      variable: 'SINK_GROUP_ID',
      reason: `must start with "${groupPrefix}" (the consumer-group prefix the sink's ACLs grant)`,
    });
  try {
    const url = new URL(cfg.OPENSEARCH_URL);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      problems.push({ variable: 'OPENSEARCH_URL', reason: 'must be an http:// or https:// URL' });
    if (url.username || url.password)
      problems.push({
        variable: 'OPENSEARCH_URL',
        reason:
          'must not embed credentials; use OPENSEARCH_AUTH=basic with OPENSEARCH_USERNAME/PASSWORD',
      });
    // Basic auth over plain HTTP would send the password in clear text off the host.
    if (
      cfg.OPENSEARCH_AUTH !== 'none' &&
      url.protocol === 'http:' &&
      !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
    )
      problems.push({
        variable: 'OPENSEARCH_URL',
        reason: `must be https:// when OPENSEARCH_AUTH=${cfg.OPENSEARCH_AUTH}`,
      });
  } catch {
    problems.push({ variable: 'OPENSEARCH_URL', reason: `"${cfg.OPENSEARCH_URL}" is not a URL` });
  }
  if (cfg.OPENSEARCH_AUTH === 'basic')
    problems.push(
      ...requiredByMode(
        'OPENSEARCH_AUTH=basic',
        {
          OPENSEARCH_USERNAME: cfg.OPENSEARCH_USERNAME,
          OPENSEARCH_PASSWORD: cfg.OPENSEARCH_PASSWORD,
        },
        ['OPENSEARCH_PASSWORD'],
      ),
    );
  if (cfg.OPENSEARCH_AUTH === 'sigv4' && !(cfg.OPENSEARCH_AWS_REGION ?? cfg.AWS_REGION))
    problems.push({
      variable: 'OPENSEARCH_AWS_REGION',
      reason: 'is required when OPENSEARCH_AUTH=sigv4 (or set AWS_REGION)',
    });
  if (!INDEX_PREFIX_RE.test(cfg.OPENSEARCH_INDEX_PREFIX))
    problems.push({
      variable: 'OPENSEARCH_INDEX_PREFIX',
      reason: 'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit',
    });
  if (!REFRESH_RE.test(cfg.OPENSEARCH_REFRESH_INTERVAL))
    problems.push({
      variable: 'OPENSEARCH_REFRESH_INTERVAL',
      reason: 'must be a duration like 1s, 500ms, 1m, or -1',
    });
  if (cfg.SINK_RETRY_MAX_MS < cfg.SINK_RETRY_INITIAL_MS)
    problems.push({ variable: 'SINK_RETRY_MAX_MS', reason: 'must be >= SINK_RETRY_INITIAL_MS' });
  if (cfg.SINK_MAX_BUFFERED_DOCS < cfg.SINK_BULK_MAX_DOCS)
    problems.push({
      variable: 'SINK_MAX_BUFFERED_DOCS',
      reason: 'must be >= SINK_BULK_MAX_DOCS, or no bulk could ever fill',
    });
  return problems;
}

function authOf(cfg: ParsedEnv): OpenSearchAuth {
  switch (cfg.OPENSEARCH_AUTH) {
    case 'basic':
      return {
        kind: 'basic',
        username: cfg.OPENSEARCH_USERNAME ?? '',
        password: cfg.OPENSEARCH_PASSWORD ?? '',
      };
    case 'sigv4':
      return {
        kind: 'sigv4',
        region: cfg.OPENSEARCH_AWS_REGION ?? cfg.AWS_REGION ?? '',
        service: cfg.OPENSEARCH_AWS_SERVICE,
      };
    default:
      return { kind: 'none' };
  }
}

/** Reads and validates the sink's configuration; throws a ConfigError naming every bad variable. */
export function loadSinkConfig(env: Env): SinkConfig {
  const { cfg, base } = loadKafkaServiceConfig(sinkEnvShape, env, {
    secrets: ['OPENSEARCH_PASSWORD'],
    problems: problemsOf,
  });
  return {
    ...base,
    // Same rule in every app: the group id derives from the prefix; *_GROUP_ID overrides it.
    groupId: cfg.SINK_GROUP_ID ?? serviceIds(cfg.FEED_TOPIC_PREFIX).sinkGroup,
    commitIntervalMs: cfg.SINK_COMMIT_INTERVAL_MS,
    lagIntervalMs: cfg.SINK_LAG_INTERVAL_MS,
    opensearch: {
      url: cfg.OPENSEARCH_URL,
      auth: authOf(cfg),
      tlsVerify: cfg.OPENSEARCH_TLS_VERIFY,
      caFile: cfg.OPENSEARCH_CA_FILE,
      requestTimeoutMs: cfg.OPENSEARCH_REQUEST_TIMEOUT_MS,
    },
    index: {
      prefix: cfg.OPENSEARCH_INDEX_PREFIX,
      retentionDays: cfg.OPENSEARCH_RETENTION_DAYS,
      shards: cfg.OPENSEARCH_SHARDS,
      replicas: cfg.OPENSEARCH_REPLICAS,
      refreshInterval: cfg.OPENSEARCH_REFRESH_INTERVAL,
    },
    bulk: {
      maxBytes: cfg.SINK_BULK_MAX_BYTES,
      maxDocs: cfg.SINK_BULK_MAX_DOCS,
      maxMs: cfg.SINK_BULK_MAX_MS,
      concurrency: cfg.SINK_CONCURRENCY,
      maxBufferedDocs: cfg.SINK_MAX_BUFFERED_DOCS,
      retryInitialMs: cfg.SINK_RETRY_INITIAL_MS,
      retryMaxMs: cfg.SINK_RETRY_MAX_MS,
    },
  };
}
