import { describe, expect, it } from 'vitest';
import { LiveHub, TooManyClientsError, type FrameSink } from '../src/live-hub.js';
import { barSeries } from './bars.js';

/** A socket stand-in: its buffer accepts `capacity` frames, then reports backpressure. */
class FakeSocket implements FrameSink {
  frames: string[] = [];
  private drainListener: () => void = () => {};
  constructor(private capacity = Infinity) {}
  write(frame: string): boolean {
    this.frames.push(frame);
    return this.frames.length < this.capacity;
  }
  onDrain(listener: () => void): void {
    this.drainListener = listener;
  }
  drain(): void {
    this.capacity = Infinity;
    this.drainListener();
  }
}

const bars = (symbol: string, minutes: number) =>
  barSeries({ symbol, start: '2026-01-05T14:30:00Z', minutes, open: 100, prevClose: 100, drift: 0, seed: 4 });

const options = { flushIntervalMs: 1000, maxClients: 3, maxFocusBars: 20, maxSymbols: 100 };

describe('the live hub', () => {
  it('sends each client one frame per flush with the newest bar per symbol', () => {
    const hub = new LiveHub(options);
    const socket = new FakeSocket();
    hub.subscribe(socket, undefined);
    for (const bar of [...bars('ZAAA', 30), ...bars('ZBBB', 30)]) hub.publish(bar);
    hub.flush();
    expect(socket.frames).toHaveLength(1);
    const data = JSON.parse(socket.frames[0]!.split('data: ')[1]!) as { board: { symbol: string; seq: number }[] };
    expect(data.board.map((b) => [b.symbol, b.seq])).toEqual([
      ['ZAAA', 30],
      ['ZBBB', 30],
    ]);
  });

  it('stops writing to a stalled client and holds a bounded amount for it', () => {
    const hub = new LiveHub(options);
    const stalled = new FakeSocket(1);
    const healthy = new FakeSocket();
    hub.subscribe(stalled, 'ZAAA');
    hub.subscribe(healthy, undefined);
    for (let round = 0; round < 50; round++) {
      for (const bar of bars('ZAAA', 100).map((b) => ({ ...b, seq: b.seq + round * 100 }))) hub.publish(bar);
      hub.flush();
    }
    expect(stalled.frames).toHaveLength(1);
    expect(healthy.frames).toHaveLength(50);
    expect(hub.stats().stalled).toBe(1);
    // Board entry + focus bound for the stalled client; nothing for the healthy one.
    expect(hub.pendingBars()).toBe(1 + options.maxFocusBars);
  });

  it('resumes a client after its socket drains, starting with a resync when it fell behind', () => {
    const hub = new LiveHub(options);
    const socket = new FakeSocket(1);
    hub.subscribe(socket, 'ZAAA');
    hub.publish(bars('ZAAA', 1)[0]!);
    hub.flush();
    for (const bar of bars('ZAAA', 100)) hub.publish({ ...bar, seq: bar.seq + 1 });
    hub.flush();
    socket.drain();
    hub.flush();
    expect(socket.frames).toHaveLength(2);
    expect(JSON.parse(socket.frames[1]!.split('data: ')[1]!)).toMatchObject({ resync: true });
  });

  it('refuses clients beyond its limit', () => {
    const hub = new LiveHub({ ...options, maxClients: 1 });
    hub.subscribe(new FakeSocket(), undefined);
    expect(() => hub.subscribe(new FakeSocket(), undefined)).toThrow(TooManyClientsError);
  });

  it('forgets a client that unsubscribed', () => {
    const hub = new LiveHub(options);
    const socket = new FakeSocket();
    const unsubscribe = hub.subscribe(socket, undefined);
    unsubscribe();
    hub.publish(bars('ZAAA', 1)[0]!);
    hub.flush();
    expect(socket.frames).toEqual([]);
    expect(hub.stats().clients).toBe(0);
  });
});
