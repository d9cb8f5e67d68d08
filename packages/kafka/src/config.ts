import { accessSync, constants } from 'node:fs';
import {
  envBool,
  envEnum,
  envList,
  envOptionalString,
  envString,
  type Env,
  type ErrorClassifier,
  loadConfig,
  requiredByMode,
  resolveFileSecrets,
  serviceEnvShape,
} from '@marketfeed/service';
import { kafkaOperatorMistake } from './operator-mistake.js';

/** The Kafka half of the shared env contract (README "Configuration"). */
export const kafkaEnvShape = {
  KAFKA_BROKERS: envList(),
  KAFKA_SSL: envBool(false),
  KAFKA_SSL_CA_FILE: envOptionalString(),
  KAFKA_SASL_MECHANISM: envEnum(['scram-sha-512', 'none'], 'none'),
  KAFKA_USERNAME: envOptionalString(),
  KAFKA_PASSWORD: envOptionalString(),
  FEED_TOPIC_PREFIX: envString('marketfeed'),
};

export interface KafkaSettings {
  brokers: string[];
  ssl: boolean;
  caFile: string | undefined;
  sasl: { mechanism: 'scram-sha-512'; username: string; password: string } | undefined;
  topicPrefix: string;
}

export type KafkaEnv = {
  KAFKA_BROKERS: string[];
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE: string | undefined;
  KAFKA_SASL_MECHANISM: 'scram-sha-512' | 'none';
  KAFKA_USERNAME: string | undefined;
  KAFKA_PASSWORD: string | undefined;
  FEED_TOPIC_PREFIX: string;
};

const TOPIC_PREFIX_RE = /^[a-zA-Z0-9._-]{1,200}$/;

/** Cross-field rules of the Kafka env contract; returns problems by variable name. */
export function kafkaEnvProblems(env: KafkaEnv): { variable: string; reason: string }[] {
  const problems: { variable: string; reason: string }[] = [];
  if (env.KAFKA_BROKERS.length === 0)
    problems.push({
      variable: 'KAFKA_BROKERS',
      reason: 'is required (comma-separated host:port list)',
    });
  for (const b of env.KAFKA_BROKERS) {
    if (!/^[^:\s]+:\d{1,5}$/.test(b))
      problems.push({ variable: 'KAFKA_BROKERS', reason: `"${b}" is not host:port` });
  }
  if (env.KAFKA_SASL_MECHANISM === 'scram-sha-512') {
    problems.push(
      ...requiredByMode(
        'KAFKA_SASL_MECHANISM=scram-sha-512',
        { KAFKA_USERNAME: env.KAFKA_USERNAME, KAFKA_PASSWORD: env.KAFKA_PASSWORD },
        ['KAFKA_PASSWORD'],
      ),
    );
    // SCRAM without TLS would send the handshake and every record in clear text.
    if (!env.KAFKA_SSL)
      problems.push({
        variable: 'KAFKA_SSL',
        reason: 'must be true when KAFKA_SASL_MECHANISM=scram-sha-512',
      });
  }
  if (env.KAFKA_SSL_CA_FILE && !env.KAFKA_SSL)
    problems.push({ variable: 'KAFKA_SSL_CA_FILE', reason: 'is set but KAFKA_SSL is false' });
  // The client reads the CA only when it first connects; checked here, a wrong path is a config
  // error naming the variable instead of an ENOENT stack trace from inside the Kafka client.
  if (env.KAFKA_SSL_CA_FILE && !isReadableFile(env.KAFKA_SSL_CA_FILE))
    problems.push({
      variable: 'KAFKA_SSL_CA_FILE',
      reason: `cannot read ${env.KAFKA_SSL_CA_FILE}; point it at the brokers' CA certificate (PEM) or unset it to trust the system CAs`,
    });
  if (!TOPIC_PREFIX_RE.test(env.FEED_TOPIC_PREFIX))
    problems.push({
      variable: 'FEED_TOPIC_PREFIX',
      reason: 'may hold only letters, digits, ".", "_" and "-"',
    });
  return problems;
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

export function kafkaSettingsFromEnv(env: KafkaEnv): KafkaSettings {
  return {
    brokers: env.KAFKA_BROKERS,
    ssl: env.KAFKA_SSL,
    caFile: env.KAFKA_SSL_CA_FILE,
    sasl:
      env.KAFKA_SASL_MECHANISM === 'scram-sha-512' && env.KAFKA_USERNAME && env.KAFKA_PASSWORD
        ? { mechanism: 'scram-sha-512', username: env.KAFKA_USERNAME, password: env.KAFKA_PASSWORD }
        : undefined,
    topicPrefix: env.FEED_TOPIC_PREFIX,
  };
}

/** Standalone loader for tools that need only Kafka settings (apps compose the shape instead). */
export function loadKafkaSettings(env: Env): KafkaSettings {
  const resolved = resolveFileSecrets(env, ['KAFKA_PASSWORD']);
  const cfg = loadConfig(kafkaEnvShape, resolved, kafkaEnvProblems);
  return kafkaSettingsFromEnv(cfg);
}

/** Every Kafka service's variables: the service runtime's (PORT, LOG_LEVEL, …) and Kafka's. */
export const kafkaServiceEnvShape = { ...serviceEnvShape, ...kafkaEnvShape };

/** What `loadConfig` makes of `shape` (an app's shape that spreads kafkaServiceEnvShape). */
export type ParsedEnv<S extends typeof kafkaServiceEnvShape> = ReturnType<typeof loadConfig<S>>;

/** The part of every Kafka service's config that the service runtime and the client take. */
export interface KafkaServiceBase {
  port: number;
  logLevel: string;
  shutdownGraceMs: number;
  kafka: KafkaSettings;
}

/**
 * Reads a Kafka service's environment once, at boot: KAFKA_PASSWORD and `secrets` may come as
 * files, `shape` is validated, then Kafka's rules and the app's `problems`; throws a ConfigError
 * naming every bad variable. Returns the parsed variables and the common part of the config.
 */
export function loadKafkaServiceConfig<S extends typeof kafkaServiceEnvShape>(
  shape: S,
  env: Env,
  options: {
    secrets?: readonly string[];
    problems?: (cfg: ParsedEnv<S>) => { variable: string; reason: string }[];
  } = {},
): { cfg: ParsedEnv<S>; base: KafkaServiceBase } {
  // S spreads kafkaServiceEnvShape, so its parse has those variables; TypeScript cannot see
  // through the generic mapped type, hence the one widening.
  const common = (c: ParsedEnv<S>) => c as unknown as ParsedEnv<typeof kafkaServiceEnvShape>;
  const resolved = resolveFileSecrets(env, ['KAFKA_PASSWORD', ...(options.secrets ?? [])]);
  const cfg = loadConfig(shape, resolved, (c) => [
    ...kafkaEnvProblems(common(c)),
    ...(options.problems?.(c) ?? []),
  ]);
  const c = common(cfg);
  return {
    cfg,
    base: {
      port: c.PORT,
      logLevel: c.LOG_LEVEL,
      shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
      kafka: kafkaSettingsFromEnv(c),
    },
  };
}

/** What `runService` needs of a Kafka service's config for its ops server, logger and exits. */
export function kafkaServiceOps<C extends KafkaServiceBase>(
  config: C,
): {
  port: number;
  logLevel: string;
  shutdownGraceMs: number;
  classifyError: ErrorClassifier;
} {
  const username = config.kafka.sasl?.username;
  return {
    port: config.port,
    logLevel: config.logLevel,
    shutdownGraceMs: config.shutdownGraceMs,
    classifyError: (err) => kafkaOperatorMistake(err, username),
  };
}
