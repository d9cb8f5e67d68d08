import { ConfigError } from './config.js';

/**
 * The exit codes every service uses (documented in packages/service/README.md). 77 and 78 follow
 * sysexits(3) (EX_NOPERM, EX_CONFIG) so an operator can tell "fix the deployment" from "a bug".
 */
export const EXIT = {
  /** Stopped on a signal within the grace period, or the work finished. */
  ok: 0,
  /** A bug or an unexpected failure (logged with its stack), or the grace period ran out. */
  fatal: 1,
  /** Kafka refused the credentials (SASL) or the ACLs deny an operation the service needs. */
  kafkaAuth: 77,
  /** The environment is wrong; the message names every bad variable. */
  config: 78,
} as const;

/**
 * Thrown by an app for a deployment mistake found after config load (e.g. topics missing for
 * FEED_TOPIC_PREFIX): runService prints the message as one line, no stack, and exits `exitCode`.
 * The message must name the variable or command that fixes it.
 */
export class OperatorError extends Error {
  readonly retriable = false;
  constructor(
    message: string,
    readonly exitCode: number = EXIT.config,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

/** A mistake the operator fixes: printed as one line (no stack trace) with its exit code. */
export interface OperatorMistake {
  exitCode: number;
  line: string;
}

export interface MistakeContext {
  /** The SASL user the service connected as, so the line says which credentials were refused. */
  kafkaUsername?: string | undefined;
}

// packages/kafka depends on this package, so kafkajs errors are recognised by their documented
// `name`/`type` rather than by importing kafkajs here.
const SASL_FAILED = new Set(['KafkaJSSASLAuthenticationError', 'SASL_AUTHENTICATION_FAILED']);
const ACL_DENIED = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);

/** The error and its causes (kafkajs nests the broker's answer in `originalError`), bounded. */
function* causeChain(err: unknown): Generator<{ name?: string; type?: string }> {
  let e: unknown = err;
  for (let depth = 0; e !== null && typeof e === 'object' && depth < 8; depth++) {
    yield e as { name?: string; type?: string };
    const next = e as { originalError?: unknown; cause?: unknown };
    e = next.originalError ?? next.cause;
  }
}

/** Maps an error to the operator's one-line fix, or undefined when it is a bug or an outage. */
export function operatorMistake(
  err: unknown,
  ctx: MistakeContext = {},
): OperatorMistake | undefined {
  if (err instanceof ConfigError) return { exitCode: EXIT.config, line: err.message };
  const user = `KAFKA_USERNAME=${ctx.kafkaUsername ?? '(unset)'}`;
  for (const e of causeChain(err)) {
    if (e instanceof OperatorError) return { exitCode: e.exitCode, line: e.message };
    if (SASL_FAILED.has(e.name ?? '') || SASL_FAILED.has(e.type ?? ''))
      return {
        exitCode: EXIT.kafkaAuth,
        line: `Kafka rejected the SASL credentials for ${user}; check KAFKA_USERNAME/KAFKA_PASSWORD (or KAFKA_PASSWORD_FILE)`,
      };
    if (ACL_DENIED.has(e.type ?? ''))
      return {
        exitCode: EXIT.kafkaAuth,
        line: `Kafka denied ${user} (${e.type}); grant the service's ACLs (npm run feedctl -- services apply) or check FEED_TOPIC_PREFIX`,
      };
  }
  return undefined;
}
