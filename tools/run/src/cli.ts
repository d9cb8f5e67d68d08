import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunArgs, USAGE } from './args.js';
import { FeedRun, runCommand } from './feed-run.js';
import { renderView } from './live-view.js';
import { flowedEndToEnd, renderSummary } from './summary.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseRunArgs(process.argv.slice(2), process.env, Boolean(process.stdout.isTTY));
  } catch (err) {
    process.stderr.write(`npm start: ${(err as Error).message} (npm start -- --help)\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const run = new FeedRun({
    repoRoot,
    source: opts.source,
    env: process.env,
    portBase: opts.portBase,
  });
  // The apps run in their own sessions (see Supervisor), so they must not outlive the runner.
  process.on('exit', () => run.supervisor.killAll());
  let stopping = false;
  let resolveStop: () => void = () => {};
  const stopRequested = new Promise<void>((r) => (resolveStop = r));
  // A Ctrl-C while the apps are still starting one by one ends that wait too.
  const stopSignal = new AbortController();
  let firstSignalAt = 0;
  const onSignal = () => {
    // One Ctrl-C can arrive more than once: npm and tsx each pass the terminal's SIGINT on.
    // Only a signal a moment later is a second, deliberate one.
    if (stopping && Date.now() - firstSignalAt < 1000) return;
    if (stopping) {
      process.stderr.write('\nsecond interrupt: killing the apps now\n');
      process.exit(130);
    }
    stopping = true;
    firstSignalAt = Date.now();
    stopSignal.abort();
    resolveStop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The terminal went away (its window closed, or whatever led its session exited first): the
  // apps still get the graceful stop and the summary goes to a file; writes to the dead
  // terminal fail with EIO, which must not end the runner before the apps have stopped.
  let terminalGone = false;
  process.on('SIGHUP', () => {
    terminalGone = true;
    // A hang-up is never the user's second Ctrl-C: a stop already under way carries on.
    if (!stopping) onSignal();
  });
  for (const s of [process.stdout, process.stderr]) s.on('error', () => undefined);

  let code = 0;
  let started: number | undefined;
  let ranMs = 0;
  try {
    await run.prepare();
    await run.start(stopSignal.signal);
    started = Date.now();
    const deadline = opts.durationMs === undefined ? Infinity : started + opts.durationMs;
    let lastPlain = 0;
    while (!stopping && Date.now() < deadline) {
      await run.poll();
      if (opts.tty) {
        const rows = Math.max(5, (process.stdout.rows ?? 40) - 20);
        process.stdout.write(`\u001b[H\u001b[2J${renderView(run.viewModel(true, rows))}\n`);
      } else if (Date.now() - lastPlain >= 5000) {
        lastPlain = Date.now();
        const t = run.totals();
        process.stdout.write(
          `[${Math.round((Date.now() - started) / 1000)}s] ingested ${t.ingested} enriched ${t.enriched} indexed ${t.indexed} dlq ${t.dlq} customer ${t.customerReceived}\n`,
        );
      }
      if (run.crashed.length > 0 || run.watcher?.failure) {
        process.stderr.write(`\n${run.crashReport()}\n`);
        code = 1;
        break;
      }
      await Promise.race([new Promise((r) => setTimeout(r, 1000)), stopRequested]);
    }
  } catch (err) {
    process.stderr.write(`\nnpm start failed: ${(err as Error).message}\n`);
    code = 1;
  }
  // The run's length is up to the stop request; stopping (drain, grace) is not part of it.
  if (started !== undefined) ranMs = Date.now() - started;
  process.stderr.write('▸ stopping the apps, source first…\n');
  await run.stop();
  if (started !== undefined) {
    // After the apps stopped: every record they accepted is counted.
    const totals = await run.finalTotals();
    const summary = renderSummary(totals, ranMs);
    process.stdout.write(`\n${summary}\n`);
    writeSummaryFile(summary, terminalGone);
    if (opts.durationMs !== undefined && !flowedEndToEnd(totals)) code = 1;
  }
  await run.close();
  if (opts.withStackDown) {
    process.stderr.write('▸ stopping the local stack…\n');
    await runCommand('npm', ['run', '--silent', 'stack:down'], repoRoot).catch((err: unknown) => {
      process.stderr.write(`stack:down failed: ${(err as Error).message}\n`);
      code = 1;
    });
  } else process.stderr.write('  the local stack keeps running (npm run stack:down stops it)\n');
  return code;
}

/** The last run's summary stays readable after the terminal that showed it is gone. */
function writeSummaryFile(summary: string, terminalGone: boolean): void {
  const file = join(repoRoot, '.stack', 'logs', 'apps', 'last-summary.txt');
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `${new Date().toISOString()}${terminalGone ? ' (terminal gone)' : ''}\n${summary}\n`,
    );
  } catch (err) {
    process.stderr.write(`could not write ${file}: ${(err as Error).message}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`npm start: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
