import { describe, expect, it } from 'vitest';
import { parseCli } from './cli-args.js';
import { parseScramDescribe } from './scram.js';

describe('feedctl arguments', () => {
  it('parses customers add with products and the stack flag', () => {
    const p = parseCli(['--stack', 'customers', 'add', 'acme', '--products', 'latest']);
    expect(p.stack).toBe(true);
    expect(p.command).toMatchObject({ kind: 'customers-add', name: 'acme', products: 'latest' });
  });

  it('parses customers rotate with an output directory', () => {
    expect(parseCli(['customers', 'rotate', 'acme', '--out-dir', '/tmp/x']).command).toEqual({
      kind: 'customers-rotate',
      name: 'acme',
      outDir: '/tmp/x',
    });
  });

  it('parses topics apply defaults', () => {
    expect(parseCli(['topics', 'apply', '--dry-run']).command).toEqual({
      kind: 'topics-apply',
      partitions: 6,
      replicationFactor: -1,
      dryRun: true,
    });
  });

  it('rejects unknown commands, flags, missing names and bad numbers', () => {
    expect(() => parseCli(['customers', 'nuke'])).toThrow(/unknown command/);
    expect(() => parseCli(['customers', 'add'])).toThrow(/missing <name>/);
    expect(() => parseCli(['topics', 'apply', '--partitions', '0'])).toThrow(/--partitions/);
    expect(() => parseCli(['topics', 'apply', '--bogus'])).toThrow();
    expect(() => parseCli(['customers', 'add', 'x', '--account-id', '12'])).toThrow(/12-digit/);
    expect(() => parseCli(['customers', 'update', 'x'])).toThrow(/--products is required/);
  });
});

describe('parseScramDescribe', () => {
  it('lists users with a SCRAM-SHA-512 credential', () => {
    const out = [
      "SCRAM credential configs for user-principal 'customer-acme' are SCRAM-SHA-512=iterations=8192",
      "SCRAM credential configs for user-principal 'old' are SCRAM-SHA-256=iterations=4096",
      'some log line',
    ].join('\n');
    expect(parseScramDescribe(out)).toEqual(['customer-acme']);
  });
});
