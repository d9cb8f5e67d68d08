import {
  listFlag,
  parseCommandLine,
  positiveIntFlag,
  UsageError,
} from '@marketfeed/service/cli-args';
import type { StartFrom } from './feed-client.js';

export const USAGE = `marketfeed-consume — read the marketfeed enriched feed

Usage: marketfeed-consume [--config FILE] [options]

Connection (flags override the properties file, which overrides the environment):
  --config FILE        client properties file from your provider (the same file works with
                       kafka-console-consumer.sh --command-config)
  --brokers LIST       bootstrap brokers host:port,...          (env KAFKA_BROKERS)
  --username USER      Kafka user, e.g. customer-acme           (env KAFKA_USERNAME)
  --password-file F    file holding the password                (env MARKETFEED_PASSWORD or KAFKA_PASSWORD)
  --ca-file FILE       PEM CA of the brokers (omit on MSK)      (env KAFKA_SSL_CA_FILE)
  --prefix P           topic prefix, default marketfeed         (env FEED_TOPIC_PREFIX)
  --group ID           consumer group, must start with "<username>." (default <username>.marketfeed-consume)

Where to start (default: the latest bar of every symbol, then live records):
  --from-beginning     the whole retained enriched log
  --since ISO          records from that time on, e.g. 2026-11-25T14:30:00Z
  --no-snapshot        only records written from now on
  --resume             continue from the group's committed offsets

Output:
  --symbols A,B        only these symbols
  --output jsonl|table JSON lines on stdout (default when not a terminal) or a live table
  --max-records N      exit after N bars

JSON lines: {"type":"bar","phase":"snapshot"|"stream","topic","partition","offset","bar":{...}},
{"type":"gap","symbol","expected","got","missing",...}, {"type":"invalid","key","issues",...}.
Gaps are also reported on stderr. Exit codes: 0 done, 2 usage, 77 access denied, 1 other errors.
`;

export interface ConsumeArgs {
  help: boolean;
  config: string | undefined;
  brokers: string[] | undefined;
  username: string | undefined;
  passwordFile: string | undefined;
  caFile: string | undefined;
  prefix: string | undefined;
  group: string | undefined;
  start: StartFrom;
  symbols: string[] | undefined;
  output: 'jsonl' | 'table' | undefined;
  maxRecords: number | undefined;
}

export { UsageError };

export function parseConsumeArgs(argv: readonly string[]): ConsumeArgs {
  const { values, positionals } = parseCommandLine(argv, {
    config: { type: 'string' },
    brokers: { type: 'string' },
    username: { type: 'string' },
    'password-file': { type: 'string' },
    'ca-file': { type: 'string' },
    prefix: { type: 'string' },
    group: { type: 'string' },
    'from-beginning': { type: 'boolean' },
    since: { type: 'string' },
    'no-snapshot': { type: 'boolean' },
    resume: { type: 'boolean' },
    symbols: { type: 'string' },
    output: { type: 'string' },
    'max-records': { type: 'string' },
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const starts = (['from-beginning', 'since', 'no-snapshot', 'resume'] as const).filter(
    (k) => values[k] !== undefined && values[k] !== false,
  );
  if (starts.length > 1)
    throw new UsageError(`choose one of ${starts.map((s) => `--${s}`).join(', ')}`);
  let start: StartFrom = { from: 'snapshot' };
  if (values['from-beginning']) start = { from: 'beginning' };
  else if (values['no-snapshot']) start = { from: 'end' };
  else if (values.resume) start = { from: 'committed' };
  else if (values.since !== undefined) {
    const time = new Date(values.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.since) || Number.isNaN(time.getTime()))
      throw new UsageError(
        `--since: "${values.since}" is not an ISO-8601 time (e.g. 2026-11-25T14:30:00Z)`,
      );
    start = { from: 'since', time };
  }
  const output = values.output;
  if (output !== undefined && output !== 'jsonl' && output !== 'table')
    throw new UsageError(`--output: expected jsonl or table, got "${output}"`);
  const maxRecords = positiveIntFlag('--max-records', values['max-records']);
  const symbols = listFlag(values.symbols)?.map((s) => s.toUpperCase());
  return {
    help: values.help ?? false,
    config: values.config,
    brokers: listFlag(values.brokers),
    username: values.username,
    passwordFile: values['password-file'],
    caFile: values['ca-file'],
    prefix: values.prefix,
    group: values.group,
    start,
    symbols,
    output,
    maxRecords,
  };
}
