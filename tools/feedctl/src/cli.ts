#!/usr/bin/env node
import { createLogger } from '@marketfeed/service';
import { runFeedctl } from './run.js';

// kafkajs logs go to stderr as JSON at warn level: stdout is the command's output.
const logger = createLogger({
  name: 'feedctl',
  level: process.env.LOG_LEVEL ?? 'warn',
  pretty: false,
  destination: process.stderr,
});

runFeedctl(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  logger,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`feedctl: fatal: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
