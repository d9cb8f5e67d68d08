import { describe, expect, it } from 'vitest';
import { parseRunArgs } from './args.js';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads units and bare seconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('45')).toBe(45_000);
  });
  it('rejects nonsense with the input in the message', () => {
    expect(() => parseDuration('soon')).toThrow(/invalid duration "soon"/);
    expect(() => parseDuration('0s')).toThrow(/positive/);
  });
});

describe('parseRunArgs', () => {
  it('defaults to an interactive simulator run on a TTY', () => {
    expect(parseRunArgs([], {}, true)).toEqual({
      durationMs: undefined,
      tty: true,
      withStackDown: false,
      source: 'simulator',
      portBase: 8080,
      help: false,
    });
  });
  it('takes another port base for a second run and rejects a non-port', () => {
    expect(parseRunArgs(['--port-base', '20000'], {}, false).portBase).toBe(20_000);
    expect(() => parseRunArgs(['--port-base', 'x'], {}, false)).toThrow(/--port-base/);
  });
  it('supports the scripted mode', () => {
    const o = parseRunArgs(['--duration', '30s', '--no-tty', '--with-stack-down'], {}, true);
    expect(o).toMatchObject({ durationMs: 30_000, tty: false, withStackDown: true });
  });
  it('is never interactive without a TTY', () => {
    expect(parseRunArgs([], {}, false).tty).toBe(false);
  });
  it('takes the source from INGEST_SOURCE or --source and rejects unknown ones', () => {
    expect(parseRunArgs([], { INGEST_SOURCE: 'replay' }, false).source).toBe('replay');
    expect(parseRunArgs(['--source', 'alpaca'], { INGEST_SOURCE: 'replay' }, false).source).toBe(
      'alpaca',
    );
    expect(() => parseRunArgs(['--source', 'iex'], {}, false)).toThrow(
      /simulator, alpaca or replay/,
    );
  });
  it('rejects unknown flags', () => {
    expect(() => parseRunArgs(['--fast'], {}, false)).toThrow();
  });
});
