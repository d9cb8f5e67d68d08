import { join } from 'node:path';
import { StackError } from './errors.js';
import { type StackPaths } from './paths.js';
import { runningPid, sleep, stackMarker, tail } from './processes.js';

export interface Startup {
  /** As the messages name it: `Kafka`, `OpenSearch`. */
  server: string;
  /** Its pid file's name under the run directory. */
  processName: string;
  /** What "ready" means for this server, in the timeout message (`ready`, `healthy`). */
  readyWord: string;
  ready: () => Promise<boolean>;
  /** The log a user should read. */
  log: string;
}

/**
 * Polls `ready` once a second until it holds. A server that exits while starting fails at once
 * with the tail of its console output, instead of after the whole timeout.
 */
export async function waitForStartup(
  paths: StackPaths,
  startup: Startup,
  timeoutMs: number,
): Promise<void> {
  const { server, processName, readyWord, ready, log } = startup;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready()) return;
    if (!(await runningPid(paths.run, processName, stackMarker(paths.root)))) {
      const consoleOut = join(paths.run, `${processName}.out`);
      throw new StackError(
        `${server} exited during startup; see ${log}:\n${await tail(consoleOut)}`,
      );
    }
    await sleep(1000);
  }
  throw new StackError(`${server} was not ${readyWord} within ${timeoutMs / 1000}s; see ${log}`);
}
