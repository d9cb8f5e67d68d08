import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './cli-args.js';

describe('parseArgs', () => {
  it('reads the three lifecycle commands and their flags', () => {
    expect(parseArgs(['up'])).toEqual({ command: 'up' });
    expect(parseArgs(['down'])).toEqual({ command: 'down', wipe: false });
    expect(parseArgs(['down', '--wipe'])).toEqual({ command: 'down', wipe: true });
    expect(parseArgs(['status', '--quiet'])).toEqual({ command: 'status', quiet: true });
  });

  it('reads the topic prefix for acls', () => {
    expect(parseArgs(['acls', '--prefix', 't-1234'])).toEqual({
      command: 'acls',
      prefix: 't-1234',
    });
  });

  it('rejects acls without a prefix, or with one Kafka would not accept', () => {
    expect(() => parseArgs(['acls'])).toThrow(UsageError);
    expect(() => parseArgs(['acls', '--prefix'])).toThrow(/needs --prefix/);
    expect(() => parseArgs(['acls', '--prefix', 'a b'])).toThrow(/invalid topic prefix/);
  });

  it('rejects unknown commands and options instead of ignoring them', () => {
    expect(() => parseArgs(['start'])).toThrow(/unknown command: start/);
    expect(() => parseArgs(['down', '--wpie'])).toThrow(/unknown option for down: --wpie/);
  });

  it('treats no command as a request for help', () => {
    expect(parseArgs([])).toEqual({ command: 'help' });
  });
});
