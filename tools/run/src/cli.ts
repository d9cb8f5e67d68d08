import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunArgs, USAGE } from './args.js';
import { FeedRun, runCommand } from './feed-run.js';
import { renderView } from './live-view.js';
import { flowedEndToEnd, renderSummary } from './summary.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function main(): Promise<number> {
  const opts = parseRunArgs(process.argv.slice(2), process.env, Boolean(process.stdout.isTTY));
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const run = new FeedRun({ repoRoot, source: opts.source, env: process.env });
  let stopping = false;
  let resolveStop: () => void = () => {};
  const stopRequested = new Promise<void>((r) => (resolveStop = r));
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    resolveStop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let code = 0;
  try {
    await run.prepare();
    await run.start();
    await run.waitReady(120_000);
    const started = Date.now();
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
    // Let in-flight records settle so the summary reflects what was produced.
    await run.poll();
    const totals = run.totals();
    process.stdout.write(`\n${renderSummary(totals, Date.now() - started)}\n`);
    if (opts.durationMs !== undefined && !flowedEndToEnd(totals)) code = 1;
  } catch (err) {
    process.stderr.write(`\nnpm start failed: ${(err as Error).message}\n`);
    code = 1;
  } finally {
    process.stderr.write('▸ stopping the apps…\n');
    await run.stop();
    if (opts.withStackDown)
      await runCommand('npm', ['run', '--silent', 'stack:down'], repoRoot).catch(() => undefined);
    else process.stderr.write('  the local stack keeps running (npm run stack:down stops it)\n');
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`npm start: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
