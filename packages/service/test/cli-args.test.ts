import { describe, expect, it } from 'vitest';
import { listFlag, parseCommandLine, positiveIntFlag, UsageError } from '../src/cli-args.js';

describe('the shared command-line reader', () => {
  it('reads -h as help, flags and positionals, and refuses an unknown flag', () => {
    const { values, positionals } = parseCommandLine(['-h', '--n', '3', 'go'], {
      n: { type: 'string' },
    });
    expect(values).toEqual({ help: true, n: '3' });
    expect(positionals).toEqual(['go']);
    expect(() => parseCommandLine(['--bogus'], {})).toThrow(/bogus/);
  });

  it('takes positive integers, -1 only where allowed, and names the flag otherwise', () => {
    expect(positiveIntFlag('--n', undefined)).toBeUndefined();
    expect(positiveIntFlag('--n', '12')).toBe(12);
    expect(positiveIntFlag('--rf', '-1', { allowMinusOne: true })).toBe(-1);
    expect(() => positiveIntFlag('--rf', '-1')).toThrow(UsageError);
    expect(() => positiveIntFlag('--n', '1.5')).toThrow(
      '--n: expected a positive integer, got "1.5"',
    );
  });

  it('splits a comma list, dropping blanks', () => {
    expect(listFlag(undefined)).toBeUndefined();
    expect(listFlag(' a, b,,c ')).toEqual(['a', 'b', 'c']);
  });
});
