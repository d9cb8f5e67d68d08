import { constants } from 'node:os';
import type { DestinationStream } from 'pino';
import { emfEnvShape, loadConfig, type Env } from './config.js';
import { createEmfWriter, type EmfWriter } from './emf-writer.js';
import { EXIT, operatorMistake } from './exit-codes.js';
import { createOpsServer } from './http-server.js';
import { createLogger } from './logger.js';
import { createMetricsRegistry } from './metrics.js';
import { Readiness } from './readiness.js';
import type { Service, ServiceSpec } from './service.js';

/** The process around a service; tests substitute parts of it. */
export interface ServiceProcess {
  env: Env;
  exit(code: number): void;
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  stderr: { write(text: string): unknown };
  /** Where JSON logs go; stdout (pretty on a TTY) when absent. */
  logDestination?: DestinationStream;
  /** Where EMF metric lines go (with METRICS_EMF on); stdout when absent. */
  metricsOut?: { write(text: string): unknown };
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

function defaultProcess(): ServiceProcess {
  return {
    env: process.env,
    exit: (code) => process.exit(code),
    on: (s, l) => process.on(s, l),
    removeListener: (s, l) => process.removeListener(s, l),
    stderr: process.stderr,
  };
}

/**
 * The whole life of a service process, the last line of every `src/main.ts`: load the config
 * (a ConfigError exits 78 with the message naming every bad variable), build the logger,
 * metrics and the ops HTTP server (and, with METRICS_EMF on, the EMF metric lines on stdout
 * that infra's alarms read, a last one after the service stopped), create and start the
 * service, then end it exactly once:
 * - first SIGINT/SIGTERM: stop gracefully within the grace period, exit 0 (1 if it ran out);
 * - a second signal: exit at once with 128 + the signal number;
 * - `done` finished: stop, exit 0; `done` failed or boot failed: stop, exit 1 with the error
 *   logged as fatal, unless it is the operator's mistake (an OperatorError, or what
 *   `ops.classifyError` recognises, e.g. bad Kafka credentials or ACLs: 77), which prints one
 *   line naming the fix and no stack trace.
 */
export function runService<C>(spec: ServiceSpec<C>, proc: ServiceProcess = defaultProcess()): void {
  const say = (line: string) => proc.stderr.write(`${spec.name}: ${line}\n`);

  let config: C;
  let ops: ReturnType<ServiceSpec<C>['ops']>;
  let emfSettings: { METRICS_EMF: boolean; METRICS_EMF_INTERVAL_MS: number };
  try {
    config = spec.loadConfig(proc.env);
    ops = spec.ops(config);
    // Every app's schema includes these (serviceEnvShape); read here so no app has to pass them.
    emfSettings = loadConfig(emfEnvShape, proc.env);
  } catch (err) {
    const mistake = operatorMistake(err);
    if (mistake) say(mistake.line);
    else say(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    proc.exit(mistake?.exitCode ?? EXIT.fatal);
    return;
  }

  const logger = createLogger({
    name: spec.name,
    level: ops.logLevel,
    ...(proc.logDestination ? { destination: proc.logDestination } : {}),
  });
  const registry = createMetricsRegistry(spec.name);
  const readiness = new Readiness();
  const server = createOpsServer({ logger, readiness, registry });
  const metricsOut = proc.metricsOut ?? process.stdout;
  const emf: EmfWriter | undefined = emfSettings.METRICS_EMF
    ? createEmfWriter({
        registry,
        service: spec.name,
        intervalMs: emfSettings.METRICS_EMF_INTERVAL_MS,
        write: (line) => metricsOut.write(`${line}\n`),
      })
    : undefined;
  emf?.start();

  let exited = false;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    for (const s of SIGNALS) proc.removeListener(s, onSignal);
    proc.exit(code);
  };

  let created: Promise<Service | undefined> = Promise.resolve(undefined);
  let ending: Promise<void> | undefined;
  /**
   * Stops the service and the ops server within the grace period, then exits once. Callers do
   * not wait: both outcomes of the stop end in exit() here.
   */
  const end = (code: number): void => {
    if (ending) return;
    readiness.beginShutdown();
    const failedCode = code === EXIT.ok ? EXIT.fatal : code;
    let timer: NodeJS.Timeout | undefined;
    // Not unref'd: a stop stuck on nothing that holds the event loop must still end in exit(1),
    // not in a silent natural exit with code 0.
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ops.shutdownGraceMs);
    });
    const stopAll = (async () => {
      const service = await created;
      if (service) await service.stop();
      // After the stop, so the counts of the final drain reach CloudWatch too.
      await emf
        ?.stop()
        .catch((err: unknown) => logger.warn({ err }, 'last EMF metrics line not written'));
      await server.close();
      return 'stopped' as const;
    })();
    ending = Promise.race([stopAll, deadline])
      .then(
        (outcome) => {
          if (outcome === 'timeout') {
            logger.error(
              { graceMs: ops.shutdownGraceMs },
              'shutdown grace period exceeded; exiting',
            );
            exit(failedCode);
          } else {
            logger.info({ exitCode: code }, 'stopped');
            exit(code);
          }
        },
        (err: unknown) => {
          logger.error({ err }, 'error during shutdown');
          exit(failedCode);
        },
      )
      .finally(() => clearTimeout(timer));
  };

  const fail = (err: unknown) => {
    // Errors after a stop began belong to the stop; the exit code is already decided.
    if (ending) return;
    const mistake = operatorMistake(err, ops.classifyError);
    if (mistake) {
      say(mistake.line);
      end(mistake.exitCode);
      return;
    }
    logger.fatal(
      { err },
      `${spec.name} cannot continue: ${(err as Error)?.message ?? String(err)}`,
    );
    end(EXIT.fatal);
  };

  function onSignal(signal: NodeJS.Signals): void {
    if (ending) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(128 + constants.signals[signal]);
      return;
    }
    logger.info({ signal, graceMs: ops.shutdownGraceMs }, 'shutting down');
    end(EXIT.ok);
  }
  for (const s of SIGNALS) proc.on(s, onSignal);

  const boot = async (): Promise<void> => {
    const address = await server.listen({ port: ops.port, host: ops.host ?? '0.0.0.0' });
    if (ending) return;
    const creating = Promise.resolve().then(() =>
      spec.create({ config, logger, registry, readiness }),
    );
    created = creating.catch(() => undefined);
    const service = await creating;
    if (ending) return;
    // `done` never rejects (Service contract): a failure arrives as an outcome.
    void service.done.then((outcome) => {
      if (ending) return;
      if (outcome.kind === 'finished') {
        logger.info('finished; stopping');
        end(EXIT.ok);
      } else fail(outcome.error);
    });
    await service.start();
    if (!ending) logger.info({ address }, 'started');
  };
  boot().catch(fail);
}
