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

/**
 * Recognises a library's errors that are the operator's to fix (runService's `classifyError`
 * hook). Kafka's lives in packages/kafka (`kafkaServiceOps` fills it), which depends on this
 * package, so the classification is passed in rather than imported.
 */
export type ErrorClassifier = (err: unknown) => OperatorMistake | undefined;

/** The error and its causes (kafkajs nests the broker's answer in `originalError`), bounded. */
function* causeChain(err: unknown): Generator<unknown> {
  let e: unknown = err;
  for (let depth = 0; e !== null && typeof e === 'object' && depth < 8; depth++) {
    yield e;
    const next = e as { originalError?: unknown; cause?: unknown };
    e = next.originalError ?? next.cause;
  }
}

/** Maps an error to the operator's one-line fix, or undefined when it is a bug or an outage. */
export function operatorMistake(
  err: unknown,
  classifyError?: ErrorClassifier,
): OperatorMistake | undefined {
  if (err instanceof ConfigError) return { exitCode: EXIT.config, line: err.message };
  for (const e of causeChain(err))
    if (e instanceof OperatorError) return { exitCode: e.exitCode, line: e.message };
  return classifyError?.(err);
}
