import { existsSync, readFileSync } from 'node:fs';
import type { ConsumeArgs } from './cli-args.js';
import { UsageError } from './cli-args.js';
import {
  createFeedClient,
  defaultGroupId,
  type FeedClientOptions,
  type FeedEvent,
} from './feed-client.js';
import { FeedAccessError, FeedConfigError } from './errors.js';
import { connectionFromProperties, PropertiesError } from './properties.js';
import { applyEvent, newTableState, renderTable } from './table.js';

export type ConsumeEnv = Record<string, string | undefined>;

/** A file the user named: unreadable is a usage error naming the flag, not a stack trace. */
function readNamedFile(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'unreadable';
    throw new UsageError(`${flag} ${path}: ${why}; give the path of the file you were sent`);
  }
}

/** Flags over the properties file over the environment; fails naming what is missing. */
export function resolveClientOptions(args: ConsumeArgs, env: ConsumeEnv): FeedClientOptions {
  const file = args.config
    ? connectionFromProperties(readNamedFile(args.config, '--config'), args.config)
    : undefined;
  const brokers =
    args.brokers ?? file?.brokers ?? env.KAFKA_BROKERS?.split(',').map((s) => s.trim());
  const username = args.username ?? file?.username ?? env.KAFKA_USERNAME;
  const password = args.passwordFile
    ? readNamedFile(args.passwordFile, '--password-file').trim()
    : (file?.password ?? env.MARKETFEED_PASSWORD ?? env.KAFKA_PASSWORD);
  const caFile = args.caFile ?? file?.caFile ?? env.KAFKA_SSL_CA_FILE;
  if (caFile !== undefined && !existsSync(caFile)) {
    const from = args.caFile
      ? '--ca-file'
      : file?.caFile
        ? `ssl.truststore.location in ${args.config}`
        : 'KAFKA_SSL_CA_FILE';
    throw new UsageError(`${from}: no such file ${caFile}`);
  }
  const missing = [
    !brokers || brokers.length === 0
      ? '--brokers (or bootstrap.servers in --config, or KAFKA_BROKERS)'
      : undefined,
    !username ? '--username (or --config, or KAFKA_USERNAME)' : undefined,
    !password ? '--password-file (or --config, or MARKETFEED_PASSWORD)' : undefined,
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.join('; ')}`);
  return {
    brokers: brokers as string[],
    username: username as string,
    password: password as string,
    caFile,
    topicPrefix: args.prefix ?? env.FEED_TOPIC_PREFIX ?? 'marketfeed',
    groupId: args.group ?? defaultGroupId(username as string),
    start: args.start,
    symbols: args.symbols,
  };
}

export interface ConsumeIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
  /** Called once with a function that stops the client (wired to SIGINT/SIGTERM by the CLI). */
  onStopRequest: (stop: () => void) => void;
}

export function describeEvent(e: FeedEvent): string | undefined {
  switch (e.type) {
    case 'gap':
      return `gap: ${e.symbol} expected seq ${e.expected}, got ${e.got} (${e.missing} missing) at ${e.topic}/${e.partition}@${e.offset}`;
    case 'invalid':
      return `invalid record at ${e.topic}/${e.partition}@${e.offset} (key ${e.key ?? 'null'}): ${e.issues.map((i) => `${i.path || '(root)'}: ${i.reason}`).join('; ')}`;
    case 'snapshot-complete':
      return `snapshot complete: ${e.records} bars for ${e.symbols} symbols`;
    case 'following':
      return `following ${e.topic}`;
    default:
      return undefined;
  }
}

/** The CLI's body: returns the exit code. */
export async function consume(args: ConsumeArgs, env: ConsumeEnv, io: ConsumeIo): Promise<number> {
  let options: FeedClientOptions;
  try {
    options = resolveClientOptions(args, env);
  } catch (err) {
    io.err(`marketfeed-consume: ${(err as Error).message}\n`);
    return err instanceof UsageError || err instanceof PropertiesError ? 2 : 1;
  }
  const table = (args.output ?? (io.isTty ? 'table' : 'jsonl')) === 'table';
  let client;
  try {
    client = createFeedClient(options);
  } catch (err) {
    io.err(`marketfeed-consume: ${(err as Error).message}\n`);
    return err instanceof FeedConfigError ? 2 : 1;
  }
  const state = newTableState();
  let bars = 0;
  let lastPaint = 0;
  const paint = (force = false) => {
    const now = Date.now();
    if (!force && now - lastPaint < 250) return;
    lastPaint = now;
    io.out(`\x1b[H\x1b[2J${renderTable(state)}\n`);
  };
  // stop() never rejects; a failure of the run surfaces from client.run() below.
  io.onStopRequest(() => void client.stop());
  try {
    await client.run(async (event) => {
      applyEvent(state, event);
      const note = describeEvent(event);
      if (table) paint(event.type !== 'bar');
      else {
        if (event.type === 'bar' || event.type === 'gap' || event.type === 'invalid')
          io.out(`${JSON.stringify(event)}\n`);
        if (note) io.err(`marketfeed-consume: ${note}\n`);
      }
      if (event.type === 'bar' && args.maxRecords !== undefined && ++bars >= args.maxRecords)
        await client.stop();
    });
    if (table) paint(true);
    const c = state.counts;
    io.err(
      `marketfeed-consume: ${c.bars} bars, ${c.gaps} gaps (${c.missing} missing), ${c.invalid} invalid, ${c.duplicates} duplicates skipped\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof FeedAccessError) {
      io.err(`marketfeed-consume: access denied: ${err.message}\n`);
      return 77;
    }
    io.err(`marketfeed-consume: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof FeedConfigError ? 2 : 1;
  }
}
