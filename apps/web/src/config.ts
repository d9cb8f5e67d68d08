import { envEnum, envInt, envOptionalString, envString, type Env } from '@marketfeed/service';
import {
  kafkaServiceEnvShape,
  loadKafkaServiceConfig,
  type KafkaServiceBase,
  type ParsedEnv,
} from '@marketfeed/kafka';
import { serviceIds } from '@marketfeed/kafka/contract';

/** Every variable the web app reads. */
export const webEnvShape = {
  ...kafkaServiceEnvShape,
  /** Page, JSON API and live stream. Loopback by default: the page has no authentication. */
  WEB_HOST: envString('127.0.0.1'),
  WEB_PORT: envInt(8090, 0, 65535),
  /** Must start with `<FEED_TOPIC_PREFIX>-web`: the web user's ACLs grant that group prefix. */
  WEB_GROUP_ID: envOptionalString(),
  WEB_FLUSH_INTERVAL_MS: envInt(250, 10, 60_000),
  WEB_MAX_CLIENTS: envInt(200, 1, 100_000),
  WEB_MAX_FOCUS_BARS: envInt(2_000, 10, 1_000_000),
  WEB_MAX_SYMBOLS: envInt(20_000, 1, 10_000_000),
  WEB_HISTORY_MAX_BARS: envInt(5_000, 1, 10_000),
  OPENSEARCH_URL: envString(),
  OPENSEARCH_AUTH: envEnum(['none', 'basic'], 'none'),
  OPENSEARCH_USERNAME: envOptionalString(),
  OPENSEARCH_PASSWORD: envOptionalString(),
  OPENSEARCH_INDEX_PREFIX: envString('marketfeed'),
  OPENSEARCH_REQUEST_TIMEOUT_MS: envInt(10_000, 100, 600_000),
};

export interface WebConfig extends KafkaServiceBase {
  groupId: string;
  http: { host: string; port: number };
  live: { flushIntervalMs: number; maxClients: number; maxFocusBars: number; maxSymbols: number };
  history: {
    url: string;
    auth: { username: string; password: string } | undefined;
    indexPrefix: string;
    maxBars: number;
    requestTimeoutMs: number;
  };
}

function problemsOf(cfg: ParsedEnv<typeof webEnvShape>): { variable: string; reason: string }[] {
  const problems: { variable: string; reason: string }[] = [];
  const groupPrefix = serviceIds(cfg.FEED_TOPIC_PREFIX).webGroup;
  if (cfg.WEB_GROUP_ID !== undefined && !cfg.WEB_GROUP_ID.startsWith(groupPrefix))
    problems.push({
      variable: 'WEB_GROUP_ID',
      reason: `must start with "${groupPrefix}" (the consumer-group prefix the web user's ACLs grant)`,
    });
  try {
    const url = new URL(cfg.OPENSEARCH_URL);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      problems.push({ variable: 'OPENSEARCH_URL', reason: 'must be an http:// or https:// URL' });
  } catch {
    problems.push({ variable: 'OPENSEARCH_URL', reason: `"${cfg.OPENSEARCH_URL}" is not a URL` });
  }
  if (cfg.OPENSEARCH_AUTH === 'basic' && (!cfg.OPENSEARCH_USERNAME || !cfg.OPENSEARCH_PASSWORD))
    problems.push({
      variable: cfg.OPENSEARCH_USERNAME ? 'OPENSEARCH_PASSWORD' : 'OPENSEARCH_USERNAME',
      reason: 'is required when OPENSEARCH_AUTH=basic',
    });
  if (cfg.WEB_PORT !== 0 && cfg.WEB_PORT === cfg.PORT)
    problems.push({
      variable: 'WEB_PORT',
      reason: `must differ from PORT (${cfg.PORT}, the ops server)`,
    });
  return problems;
}

/** Reads and validates the web app's configuration; throws a ConfigError naming every bad variable. */
export function loadWebConfig(env: Env): WebConfig {
  const { cfg, base } = loadKafkaServiceConfig(webEnvShape, env, {
    secrets: ['OPENSEARCH_PASSWORD'],
    problems: problemsOf,
  });
  return {
    ...base,
    groupId: cfg.WEB_GROUP_ID ?? serviceIds(cfg.FEED_TOPIC_PREFIX).webGroup,
    http: { host: cfg.WEB_HOST, port: cfg.WEB_PORT },
    live: {
      flushIntervalMs: cfg.WEB_FLUSH_INTERVAL_MS,
      maxClients: cfg.WEB_MAX_CLIENTS,
      maxFocusBars: cfg.WEB_MAX_FOCUS_BARS,
      maxSymbols: cfg.WEB_MAX_SYMBOLS,
    },
    history: {
      url: cfg.OPENSEARCH_URL,
      auth:
        cfg.OPENSEARCH_AUTH === 'basic'
          ? { username: cfg.OPENSEARCH_USERNAME ?? '', password: cfg.OPENSEARCH_PASSWORD ?? '' }
          : undefined,
      indexPrefix: cfg.OPENSEARCH_INDEX_PREFIX,
      maxBars: cfg.WEB_HISTORY_MAX_BARS,
      requestTimeoutMs: cfg.OPENSEARCH_REQUEST_TIMEOUT_MS,
    },
  };
}
