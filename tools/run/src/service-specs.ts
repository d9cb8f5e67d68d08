import { serviceIds, topicName } from '@marketfeed/kafka';
import type { StackInfo } from '@marketfeed/stack';

export type AppName = 'ingestor' | 'enricher' | 'opensearch-sink' | 'web';
/**
 * The pipeline, source first. Apps start in the reverse order (nothing the ingestor writes waits
 * for a consumer to exist) and stop in this order (each app's input has stopped growing when
 * it is asked to stop, so it can finish what it was given).
 */
export const APPS: readonly AppName[] = ['ingestor', 'enricher', 'opensearch-sink', 'web'];
export const START_ORDER: readonly AppName[] = [...APPS].reverse();
export const STOP_ORDER: readonly AppName[] = APPS;

export interface ServiceSpec {
  name: AppName;
  /** Entry point relative to the repo root (built by turbo). */
  entry: string;
  port: number;
  env: Record<string, string>;
  /** The consumer group and topic it reads: its lag comes from Kafka, so it is never stale. */
  consumes?: { groupId: string; topic: string };
  /** A page for people (the web view), printed when the app is ready. */
  url?: string;
}

/** The SCRAM user each app runs as: least privilege, as on MSK. */
const KAFKA_USER: Record<AppName, string> = {
  ingestor: 'ingestor',
  enricher: 'enricher',
  'opensearch-sink': 'sink',
  web: 'web',
};

export interface SpecOptions {
  stack: StackInfo;
  topicPrefix: string;
  indexPrefix: string;
  portBase: number;
  source: 'simulator' | 'alpaca' | 'replay';
  /** The caller's environment: passes ALPACA_*, SIMULATOR_*, REPLAY_* and tuning variables through. */
  env: Readonly<Record<string, string | undefined>>;
}

const PASS_THROUGH =
  /^(ALPACA_|SIMULATOR_|REPLAY_|CORPORATE_ACTIONS_FILE$|SYMBOLS$|INDICATOR_THRESHOLD_PCT$|SMA_|TRANSACTION_|DELIVERY$|SINK_|OPENSEARCH_RETENTION_DAYS$|OPENSEARCH_REPLICAS$|LOG_LEVEL$)/;

/** Builds each app's environment from the running stack: the same contract as compose and ECS. */
export function serviceSpecs(opts: SpecOptions): ServiceSpec[] {
  const passed: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env))
    if (v !== undefined && PASS_THROUGH.test(k)) passed[k] = v;
  return APPS.map((name, i) => {
    const user = KAFKA_USER[name];
    const password = opts.stack.kafka.users[user]?.password;
    if (!password)
      throw new Error(
        `stack.json has no SCRAM user "${user}"; run npm run stack:down -- --wipe && npm run stack:up`,
      );
    const env: Record<string, string> = {
      KAFKA_BROKERS: opts.stack.kafka.saslSsl,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: opts.stack.kafka.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_USERNAME: user,
      KAFKA_PASSWORD: password,
      FEED_TOPIC_PREFIX: opts.topicPrefix,
      PORT: String(opts.portBase + i + 1),
      LOG_LEVEL: 'info',
      ...passed,
    };
    if (name === 'ingestor') {
      env.INGEST_SOURCE = opts.source;
      // A steady message rate rather than a speed factor: a factor would also replay the
      // overnight and weekend silences. 2000/s closes a 50-symbol session in about 25 s, so
      // prevClose, changePct and the Bullish/Bearish flags show up early in a demo.
      env.SIMULATOR_RATE = passed.SIMULATOR_RATE ?? '2000/s';
    }
    if (name === 'enricher') {
      // Group and transactional-id prefix follow the topic prefix, as the stack's ACLs do.
      env.ENRICHER_GROUP_ID = serviceIds(opts.topicPrefix).enricherGroup;
      env.ENRICHER_TRANSACTIONAL_ID_PREFIX = serviceIds(opts.topicPrefix).enricherTransactionalId;
    }
    if (name === 'opensearch-sink') {
      env.SINK_GROUP_ID = serviceIds(opts.topicPrefix).sinkGroup;
      env.OPENSEARCH_URL = opts.stack.opensearch.url;
      env.OPENSEARCH_AUTH = 'none';
      env.OPENSEARCH_INDEX_PREFIX = opts.indexPrefix;
      // A single local node: replicas could never be assigned.
      env.OPENSEARCH_REPLICAS = passed.OPENSEARCH_REPLICAS ?? '0';
    }
    // The web view: loopback only (the page has no authentication), history from the sink's aliases.
    const webPort = opts.portBase + 10;
    if (name === 'web') {
      env.WEB_HOST = '127.0.0.1';
      env.WEB_PORT = String(webPort);
      env.WEB_GROUP_ID = serviceIds(opts.topicPrefix).webGroup;
      env.OPENSEARCH_URL = opts.stack.opensearch.url;
      env.OPENSEARCH_INDEX_PREFIX = opts.indexPrefix;
    }
    const ids = serviceIds(opts.topicPrefix);
    const consumes =
      name === 'enricher'
        ? { groupId: ids.enricherGroup, topic: topicName(opts.topicPrefix, 'raw') }
        : name === 'opensearch-sink'
          ? { groupId: ids.sinkGroup, topic: topicName(opts.topicPrefix, 'enriched') }
          : undefined;
    return {
      name,
      entry: `apps/${name}/dist/main.js`,
      port: opts.portBase + i + 1,
      env,
      ...(consumes ? { consumes } : {}),
      ...(name === 'web' ? { url: `http://127.0.0.1:${webPort}/` } : {}),
    };
  });
}
