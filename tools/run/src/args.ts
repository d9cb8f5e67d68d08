import { parseArgs } from 'node:util';
import { parseDuration } from './duration.js';

export interface RunOptions {
  /** Stop by itself after this long (non-interactive runs); undefined = until Ctrl-C. */
  durationMs: number | undefined;
  /** Live, redrawn terminal view; false prints periodic plain lines instead. */
  tty: boolean;
  withStackDown: boolean;
  source: 'simulator' | 'alpaca' | 'replay';
  /** The apps' ops ports are base+1, base+2, …; another base lets a second run coexist. */
  portBase: number;
  help: boolean;
}

export const USAGE = `Usage: npm start [-- options]

Runs the whole feed locally: the real Kafka + OpenSearch stack (started if needed), then the
ingestor (simulator by default), the enricher and the OpenSearch sink, with a live view.

Options:
  --duration <d>        stop after d (e.g. 30s, 5m) and print a summary; exit 1 if nothing
                        flowed end to end
  --no-tty              plain progress lines instead of the live view (default when stdout
                        is not a terminal)
  --with-stack-down     also stop Kafka and OpenSearch on exit (default: leave them running)
  --source <s>          simulator (default) | alpaca (needs ALPACA_KEY_ID/ALPACA_SECRET_KEY)
                        | replay (needs REPLAY_FILE); INGEST_SOURCE works too
  --port-base <n>       the apps' /readyz and /metrics ports are n+1, n+2, … (default 8080)
  -h, --help            this text

Ctrl-C stops the apps gracefully, source first, then prints the summary; a second Ctrl-C kills
them. Exit codes: 0 done, 1 an app crashed or (with --duration) nothing flowed end to end,
2 usage error, 130 second Ctrl-C.
`;

export function parseRunArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  isTty: boolean,
): RunOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      duration: { type: 'string' },
      'no-tty': { type: 'boolean', default: false },
      'with-stack-down': { type: 'boolean', default: false },
      source: { type: 'string' },
      'port-base': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const source = (values.source ?? env.INGEST_SOURCE ?? 'simulator').toLowerCase();
  if (source !== 'simulator' && source !== 'alpaca' && source !== 'replay') {
    throw new Error(`--source must be simulator, alpaca or replay (got "${source}")`);
  }
  const portBase = Number(values['port-base'] ?? '8080');
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65_000)
    throw new Error(
      `--port-base must be a port number from 1024 to 65000 (got "${values['port-base']}")`,
    );
  return {
    durationMs: values.duration === undefined ? undefined : parseDuration(values.duration),
    tty: isTty && !values['no-tty'],
    withStackDown: values['with-stack-down'] ?? false,
    source,
    portBase,
    help: values.help ?? false,
  };
}
