import type { EnrichedBarV1 } from '@marketfeed/schema';
import { LiveBuffer, type LiveBatch } from './live-buffer.js';

/** Where a client's frames go: an HTTP response in the server, a plain object in tests. */
export interface FrameSink {
  /** Returns false when the socket's buffer is full; `drain` is then awaited before writing more. */
  write(frame: string): boolean;
  onDrain(listener: () => void): void;
}

export interface LiveHubOptions {
  /** How often pending updates are sent: updates within one interval are coalesced. */
  flushIntervalMs: number;
  maxFocusBars: number;
  maxSymbols: number;
  maxClients: number;
  /** Called per frame written (metrics). */
  onFrame?: () => void;
}

export interface LiveHubStats {
  clients: number;
  /** Clients whose socket buffer is full (their updates are being coalesced). */
  stalled: number;
  framesSent: number;
  barsIn: number;
}

interface Client {
  buffer: LiveBuffer;
  sink: FrameSink;
  awaitingDrain: boolean;
}

export class TooManyClientsError extends Error {
  override name = 'TooManyClientsError';
}

/** SSE frame: one `bars` event whose data is a LiveBatch as JSON (one line, no newlines). */
export function frameOf(batch: LiveBatch): string {
  return `event: bars\ndata: ${JSON.stringify(batch)}\n\n`;
}

/**
 * Fans live bars out to browsers. A bar costs O(clients) map updates; frames are built once per
 * flush interval per client, so a burst of bars is one write, and a client whose socket does
 * not drain is skipped (its buffer keeps coalescing) instead of growing a backlog.
 */
export class LiveHub {
  private readonly clients = new Set<Client>();
  private timer: NodeJS.Timeout | undefined;
  private framesSent = 0;
  private barsIn = 0;

  constructor(private readonly options: LiveHubOptions) {}

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Registers a client; returns its unsubscribe function. */
  subscribe(sink: FrameSink, focusSymbol: string | undefined): () => void {
    if (this.clients.size >= this.options.maxClients)
      throw new TooManyClientsError(`live stream is at its limit of ${this.options.maxClients} clients`);
    const client: Client = {
      buffer: new LiveBuffer(focusSymbol, this.options.maxFocusBars, this.options.maxSymbols),
      sink,
      awaitingDrain: false,
    };
    sink.onDrain(() => {
      client.awaitingDrain = false;
    });
    this.clients.add(client);
    return () => {
      this.clients.delete(client);
    };
  }

  publish(bar: EnrichedBarV1): void {
    this.barsIn++;
    for (const client of this.clients) client.buffer.push(bar);
  }

  /** Sends each ready client its pending updates; public so tests need no timers. */
  flush(): void {
    for (const client of this.clients) {
      if (client.awaitingDrain) continue;
      const batch = client.buffer.take();
      if (batch === undefined) continue;
      this.framesSent++;
      this.options.onFrame?.();
      if (!client.sink.write(frameOf(batch))) client.awaitingDrain = true;
    }
  }

  /** Pending bars held for all clients: bounded by clients × (symbols + focus bars). */
  pendingBars(): number {
    let n = 0;
    for (const client of this.clients) n += client.buffer.pending;
    return n;
  }

  stats(): LiveHubStats {
    let stalled = 0;
    for (const client of this.clients) if (client.awaitingDrain) stalled++;
    return { clients: this.clients.size, stalled, framesSent: this.framesSent, barsIn: this.barsIn };
  }
}
