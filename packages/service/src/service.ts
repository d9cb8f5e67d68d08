import type { Registry } from 'prom-client';
import type { Env } from './config.js';
import type { ErrorClassifier } from './exit-codes.js';
import type { Logger } from './logger.js';
import type { Readiness } from './readiness.js';

/** How a service ended on its own (not because it was asked to stop). */
export type ServiceOutcome = { kind: 'finished' } | { kind: 'failed'; error: Error };

/** What every app's `createX(deps)` returns and what `runService` drives. */
export interface Service {
  /** Boot; rejects on a boot failure. */
  start(): Promise<void>;
  /** Graceful and idempotent: leave groups, flush, commit. */
  stop(): Promise<void>;
  /** Never rejects; settles when the service ends on its own. */
  readonly done: Promise<ServiceOutcome>;
}

/** What `runService` gives the factory: the config plus the process-wide plumbing it owns. */
export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
}

export interface OpsSettings {
  port: number;
  host?: string;
  logLevel: string;
  shutdownGraceMs: number;
  /**
   * Recognises a library's errors that are the operator's mistake (one line, its exit code, no
   * stack); for Kafka services `kafkaServiceOps` fills it.
   */
  classifyError?: ErrorClassifier;
}

export interface ServiceSpec<C> {
  name: string;
  loadConfig(env: Env): C;
  ops(config: C): OpsSettings;
  create(ctx: ServiceContext<C>): Service | Promise<Service>;
}

/**
 * A `done` promise and its settle function, for services built from callbacks. Settling twice
 * keeps the first outcome, so a late error after `finished` cannot turn into a failure.
 */
export function serviceOutcome(): {
  done: Promise<ServiceOutcome>;
  finish(): void;
  fail(error: unknown): void;
} {
  let settle: (o: ServiceOutcome) => void = () => {};
  const done = new Promise<ServiceOutcome>((resolve) => (settle = resolve));
  return {
    done,
    finish: () => settle({ kind: 'finished' }),
    fail: (error) =>
      settle({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
  };
}
