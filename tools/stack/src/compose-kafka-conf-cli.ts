import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COMPOSE_KAFKA_CONF } from './compose-kafka-conf.js';

/**
 * `npm run compose:conf` writes docker/kafka/*.conf from the contract; `-- --check` exits 1
 * naming each file that differs (a deploy-checks test runs it), 0 when all are current.
 * `--root <dir>` checks or writes another tree (the test plants a stale copy there).
 * Exit codes: 0 current or written, 1 stale (--check), 2 unknown option.
 */
const options = { check: { type: 'boolean', default: false }, root: { type: 'string' } } as const;
let values: ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];
try {
  ({ values } = parseArgs({ options }));
} catch (error) {
  console.error(`compose:conf: ${(error as Error).message}; usage: [--check] [--root <dir>]`);
  process.exit(2);
}
const root = resolve(values.root ?? join(import.meta.dirname, '../../..'));
const check = values.check;
const stale: string[] = [];
for (const [file, render] of Object.entries(COMPOSE_KAFKA_CONF)) {
  const path = join(root, file);
  const wanted = render();
  if (existsSync(path) && readFileSync(path, 'utf8') === wanted) continue;
  if (check) stale.push(file);
  else {
    writeFileSync(path, wanted);
    console.log(`wrote ${file}`);
  }
}
if (stale.length > 0) {
  console.error(`out of date with the contract: ${stale.join(', ')}; run npm run compose:conf`);
  process.exit(1);
}
