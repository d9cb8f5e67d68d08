#!/usr/bin/env node
import { parseConsumeArgs, USAGE } from './cli-args.js';
import { consume } from './consume.js';

function main(): Promise<number> {
  let args;
  try {
    args = parseConsumeArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`marketfeed-consume: ${(err as Error).message}\n\n${USAGE}`);
    return Promise.resolve(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return Promise.resolve(0);
  }
  return consume(args, process.env, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTty: Boolean(process.stdout.isTTY),
    onStopRequest: (stop) => {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`marketfeed-consume: fatal: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
