import { describe, expect, it } from 'vitest';
import { LiveBuffer } from '../src/live-buffer.js';
import { barSeries } from './bars.js';

const series = (symbol: string, minutes: number) =>
  barSeries({ symbol, start: '2026-01-05T14:30:00Z', minutes, open: 100, prevClose: 100, drift: 0, seed: 3 });

describe('a client\'s live buffer', () => {
  it('keeps only the newest bar per symbol for the board', () => {
    const buffer = new LiveBuffer(undefined, 10, 10);
    for (const bar of series('ZAAA', 50)) buffer.push(bar);
    const batch = buffer.take();
    expect(batch?.board.map((b) => b.seq)).toEqual([50]);
    expect(batch?.focus).toEqual([]);
    expect(buffer.take()).toBeUndefined();
  });

  it('ignores a bar older than the one it holds', () => {
    const [first, second] = series('ZAAA', 2);
    const buffer = new LiveBuffer(undefined, 10, 10);
    buffer.push(second!);
    buffer.push(first!);
    expect(buffer.take()?.board[0]?.seq).toBe(2);
  });

  it('keeps every minute of the focused symbol, the newest revision of each', () => {
    const bars = series('ZAAA', 3);
    const revised = { ...bars[2]!, close: 1, low: 1, revision: 1, seq: 4 };
    const buffer = new LiveBuffer('ZAAA', 10, 10);
    for (const bar of [...bars, revised]) buffer.push(bar);
    const batch = buffer.take();
    expect(batch?.focus.map((b) => [b.timestamp.slice(11, 16), b.revision])).toEqual([
      ['14:30', 0],
      ['14:31', 0],
      ['14:32', 1],
    ]);
  });

  it('holds at most maxFocusBars of the focused symbol and then asks for a resync', () => {
    const buffer = new LiveBuffer('ZAAA', 5, 10);
    for (const bar of series('ZAAA', 1000)) buffer.push(bar);
    expect(buffer.pending).toBe(6); // one board entry + five focus bars
    const batch = buffer.take();
    expect(batch?.resync).toBe(true);
    expect(batch?.focus.map((b) => b.seq)).toEqual([996, 997, 998, 999, 1000]);
  });

  it('holds at most maxSymbols board entries, dropping the longest-pending', () => {
    const buffer = new LiveBuffer(undefined, 5, 3);
    for (const s of ['ZA', 'ZB', 'ZC', 'ZD']) buffer.push(series(s, 1)[0]!);
    expect(buffer.take()?.board.map((b) => b.symbol)).toEqual(['ZB', 'ZC', 'ZD']);
  });
});
