import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readStackInfo } from '@marketfeed/stack';
import { parseConsumeArgs } from '../src/cli-args.js';
import { resolveClientOptions } from '../src/consume.js';

const stack = readStackInfo();
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// Where `npm run stack:up` writes one file per SCRAM user (tools/stack).
const dir = join(repoRoot, '.stack', 'clients');

describe("the local stack's client properties files", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.properties'));
  it('exist for every SCRAM user of the stack', () => {
    expect(files.map((f) => f.replace(/\.properties$/, '')).sort()).toEqual(
      Object.keys(stack.kafka.users).sort(),
    );
  });
  it.each(files)('%s is all marketfeed-consume --config needs to connect', (f) => {
    const options = resolveClientOptions(parseConsumeArgs(['--config', join(dir, f)]), {});
    expect(options.brokers).toEqual([stack.kafka.saslSsl]);
    expect(options.username).toBe(f.replace(/\.properties$/, ''));
    expect(options.caFile).toBe(stack.kafka.caFile);
  });
});
