/**
 * A local stand-in for Alpaca's market data: the stream v2 WebSocket protocol (msgpack when the
 * client asks for it with `Content-Type: application/msgpack`, as the SDK does; JSON otherwise)
 * and the REST endpoints the ingestor calls (historical bars, corporate actions), on one loopback port. Behaviour follows Alpaca's docs:
 * `[{T:"success",msg:"connected"}]` on open, `auth` -> `authenticated` or error 402 and close,
 * 401 for actions before auth, 404 when auth does not come in time, `subscribe` -> a
 * `subscription` echo of every channel, 406 for a connection beyond the limit, 409 for a feed the
 * account lacks. Tests drive it: push data, cut sockets abruptly, or go silent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decode,
  encode,
  encodeTimeSpecToTimestamp,
  EXT_TIMESTAMP,
  ExtensionCodec,
} from '@msgpack/msgpack';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RawBar } from '@marketfeed/schema';
import type { AlpacaConfig } from '../src/config.js';

/** A bar as Alpaca sends it: the raw topic's bar, before validation. */
export type WireBar = RawBar;
export type Frame = Record<string, unknown>;

/** The corporate-action lists `GET /v1/corporate-actions` serves, in Alpaca's snake_case REST shape. */
export type WireCorporateActions = {
  forward_splits?: Record<string, unknown>[];
  reverse_splits?: Record<string, unknown>[];
  cash_dividends?: Record<string, unknown>[];
};
const CA_LISTS: Record<string, keyof WireCorporateActions> = {
  forward_split: 'forward_splits',
  reverse_split: 'reverse_splits',
  cash_dividend: 'cash_dividends',
};

/** An RFC 3339 instant with nanoseconds, encoded as the msgpack timestamp extension like Alpaca does. */
class NanoTime {
  constructor(readonly iso: string) {}
}
const extensionCodec = new ExtensionCodec();
extensionCodec.register({
  type: EXT_TIMESTAMP,
  encode: (value) => {
    if (!(value instanceof NanoTime)) return null;
    const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(value.iso);
    if (!m) return null;
    return encodeTimeSpecToTimestamp({
      sec: Date.parse(`${m[1]}Z`) / 1000,
      nsec: Number((m[2] ?? '').padEnd(9, '0')),
    });
  },
  decode: () => null,
});

const CHANNELS = [
  'trades',
  'quotes',
  'bars',
  'updatedBars',
  'dailyBars',
  'statuses',
  'lulds',
  'corrections',
  'cancelErrors',
] as const;
const CHANNEL_OF: Record<string, (typeof CHANNELS)[number]> = {
  t: 'trades',
  q: 'quotes',
  b: 'bars',
  u: 'updatedBars',
  d: 'dailyBars',
  s: 'statuses',
};

type Client = {
  ws: WebSocket;
  msgpack: boolean;
  authenticated: boolean;
  subs: Record<string, Set<string>>;
  authTimer: NodeJS.Timeout | undefined;
};

export type FakeAlpacaOptions = {
  keyId?: string;
  secret?: string;
  /** Concurrent authenticated connections allowed (Alpaca: 1 per feed on most plans). */
  connectionLimit?: number;
  /** The feed path the account may use; others get 409 on subscribe. */
  allowedFeeds?: string[];
  authTimeoutMs?: number;
};

export class FakeAlpaca {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<Client>();
  private silent = false;
  /** Historical minute bars the REST endpoint serves, per symbol. */
  readonly history = new Map<string, WireBar[]>();
  /** Corporate actions the REST endpoint serves (filtered by symbols, types and ex-date). */
  corporateActions: WireCorporateActions = {};
  /** Answer the next N corporate-actions requests with `corporateActionsFailStatus`. */
  failNextCorporateActions = 0;
  corporateActionsFailStatus = 500;
  readonly restRequests: URL[] = [];
  /** WebSocket connections made before each REST request arrived (ordering checks). */
  readonly connectionsAtRestRequest: number[] = [];
  connections = 0;
  /** Reject the next N connections with 406 (connection limit exceeded). */
  rejectNextWith406 = 0;

  private constructor(private readonly opts: Required<FakeAlpacaOptions>) {
    this.server = createServer((req, res) => this.handleRest(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws, req) => this.handleConnection(ws, req));
  }

  static async start(options: FakeAlpacaOptions = {}): Promise<FakeAlpaca> {
    const fake = new FakeAlpaca({
      keyId: options.keyId ?? 'test-key',
      secret: options.secret ?? 'test-secret',
      connectionLimit: options.connectionLimit ?? 1,
      allowedFeeds: options.allowedFeeds ?? ['iex'],
      authTimeoutMs: options.authTimeoutMs ?? 10_000,
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  streamUrl(feed = 'iex'): string {
    return `ws://127.0.0.1:${this.port}/v2/${feed}`;
  }

  get dataUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Authenticated clients that have at least one subscription. */
  get subscribedClients(): number {
    return [...this.clients].filter(
      (c) => c.authenticated && Object.values(c.subs).some((s) => s.size > 0),
    ).length;
  }

  /** Sends data frames to every subscribed client, as one batched array per client (unless silent). */
  push(frames: Frame[]): void {
    if (this.silent) return;
    for (const c of this.clients) {
      if (!c.authenticated) continue;
      const mine = frames.filter((f) => {
        const channel = CHANNEL_OF[String(f.T)];
        const subs = channel ? c.subs[channel] : undefined;
        return subs !== undefined && (subs.has('*') || subs.has(String(f.S)));
      });
      if (mine.length > 0) this.send(c, mine);
    }
  }

  /** Keeps sockets open (pings still answered) but sends no data: a stalled upstream. */
  goSilent(silent = true): void {
    this.silent = silent;
  }

  /** Kills every socket without a close handshake, as a network failure would. */
  dropConnections(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private send(c: Client, frames: Frame[]): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (!c.msgpack) {
      c.ws.send(JSON.stringify(frames));
      return;
    }
    // Alpaca's msgpack stream carries timestamps as the msgpack timestamp extension.
    const wire = frames.map((f) =>
      typeof f.t === 'string' && f.T !== 'error' ? { ...f, t: new NanoTime(f.t) } : f,
    );
    c.ws.send(encode(wire, { extensionCodec }));
  }

  private error(c: Client, code: number, msg: string, close: boolean): void {
    this.send(c, [{ T: 'error', code, msg }]);
    if (close) c.ws.close();
  }

  private handleConnection(ws: WebSocket, req: IncomingMessage): void {
    this.connections++;
    const feed = (req.url ?? '').split('/').filter(Boolean).pop() ?? '';
    const client: Client = {
      ws,
      msgpack: String(req.headers['content-type'] ?? '').includes('msgpack'),
      authenticated: false,
      subs: Object.fromEntries(CHANNELS.map((ch) => [ch, new Set<string>()])),
      authTimer: undefined,
    };
    this.clients.add(client);
    ws.on('close', () => {
      clearTimeout(client.authTimer);
      this.clients.delete(client);
    });
    ws.on('error', () => {});
    this.send(client, [{ T: 'success', msg: 'connected' }]);
    client.authTimer = setTimeout(
      () => this.error(client, 404, 'auth timeout', true),
      this.opts.authTimeoutMs,
    );
    ws.on('message', (data, isBinary) => {
      let msg: Frame;
      try {
        msg = (isBinary ? decode(data as Buffer) : JSON.parse(String(data))) as Frame;
      } catch {
        this.error(client, 400, 'invalid syntax', false);
        return;
      }
      this.handleMessage(client, msg, feed);
    });
  }

  private handleMessage(c: Client, msg: Frame, feed: string): void {
    if (msg.action === 'auth') {
      if (c.authenticated) return this.error(c, 403, 'already authenticated', false);
      clearTimeout(c.authTimer);
      if (msg.key !== this.opts.keyId || msg.secret !== this.opts.secret)
        return this.error(c, 402, 'auth failed', true);
      const others = [...this.clients].filter((o) => o !== c && o.authenticated).length;
      if (this.rejectNextWith406 > 0 || others >= this.opts.connectionLimit) {
        if (this.rejectNextWith406 > 0) this.rejectNextWith406--;
        return this.error(c, 406, 'connection limit exceeded', true);
      }
      c.authenticated = true;
      this.send(c, [{ T: 'success', msg: 'authenticated' }]);
      return;
    }
    if (!c.authenticated) return this.error(c, 401, 'not authenticated', false);
    if (msg.action === 'subscribe' || msg.action === 'unsubscribe') {
      if (!this.opts.allowedFeeds.includes(feed))
        return this.error(c, 409, 'insufficient subscription', false);
      for (const ch of CHANNELS) {
        const list = msg[ch];
        if (!Array.isArray(list)) continue;
        for (const s of list as string[]) {
          if (msg.action === 'subscribe') c.subs[ch]!.add(s);
          else c.subs[ch]!.delete(s);
        }
      }
      c.subs.corrections = new Set(c.subs.trades);
      c.subs.cancelErrors = new Set(c.subs.trades);
      this.send(c, [
        { T: 'subscription', ...Object.fromEntries(CHANNELS.map((ch) => [ch, [...c.subs[ch]!]])) },
      ]);
      return;
    }
    this.error(c, 400, 'invalid syntax', false);
  }

  private handleRest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.dataUrl);
    this.restRequests.push(url);
    this.connectionsAtRestRequest.push(this.connections);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (
      req.headers['apca-api-key-id'] !== this.opts.keyId ||
      req.headers['apca-api-secret-key'] !== this.opts.secret
    )
      return json(401, { message: 'unauthorized.' });
    if (url.pathname === '/v1/corporate-actions') return this.corporateActionsPage(url, json);
    if (url.pathname !== '/v2/stocks/bars') return json(404, { message: 'not found' });
    if (url.searchParams.get('timeframe') !== '1Min')
      return json(422, { message: 'this fake serves 1Min bars only' });
    const symbols = (url.searchParams.get('symbols') ?? '').split(',').filter(Boolean);
    const start = Date.parse(url.searchParams.get('start') ?? '1970-01-01T00:00:00Z');
    const end = Date.parse(url.searchParams.get('end') ?? '2999-01-01T00:00:00Z');
    const limit = Math.min(10_000, Number(url.searchParams.get('limit') ?? '1000'));
    const offset = Number(url.searchParams.get('page_token') ?? '0');
    // Alpaca pages across symbols in symbol order, then time order; start and end are inclusive.
    const all = symbols
      .sort()
      .flatMap((s) =>
        (this.history.get(s) ?? [])
          .filter((b) => Date.parse(b.t) >= start && Date.parse(b.t) <= end)
          .map((b) => ({ s, b })),
      );
    const page = all.slice(offset, offset + limit);
    const bars: Record<string, unknown[]> = {};
    for (const { s, b } of page)
      (bars[s] ??= []).push({ t: b.t, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: b.n, vw: b.vw });
    json(200, {
      bars,
      next_page_token: offset + limit < all.length ? String(offset + limit) : null,
      currency: 'USD',
    });
  }

  /**
   * `GET /v1/corporate-actions` as Alpaca answers it: `symbols` optional (comma-separated),
   * `types` a comma-separated filter, `start`/`end` inclusive YYYY-MM-DD on the ex-date, pages of
   * `limit` actions across the lists with an opaque `page_token`.
   */
  private corporateActionsPage(url: URL, json: (status: number, body: unknown) => void): void {
    if (this.failNextCorporateActions > 0) {
      this.failNextCorporateActions--;
      return json(this.corporateActionsFailStatus, { message: 'injected failure' });
    }
    const q = url.searchParams;
    const symbols = q.get('symbols')?.split(',').filter(Boolean);
    const types = (q.get('types') ?? Object.keys(CA_LISTS).join(',')).split(',');
    const start = q.get('start') ?? '0000-01-01';
    const end = q.get('end') ?? '9999-12-31';
    for (const d of [start, end])
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return json(400, { message: `invalid date ${d}` });
    const limit = Math.min(1000, Number(q.get('limit') ?? '100'));
    const offset = Number(q.get('page_token') ?? '0');
    const all: [keyof WireCorporateActions, Record<string, unknown>][] = [];
    for (const type of types) {
      const list = CA_LISTS[type];
      if (!list) return json(400, { message: `invalid type ${type}` });
      for (const a of this.corporateActions[list] ?? []) {
        const ex = String(a.ex_date);
        if (symbols && !symbols.includes(String(a.symbol))) continue;
        if (ex < start || ex > end) continue;
        all.push([list, a]);
      }
    }
    const page = all.slice(offset, offset + limit);
    const corporate_actions: WireCorporateActions = {};
    for (const [list, a] of page) (corporate_actions[list] ??= []).push(a);
    json(200, {
      corporate_actions,
      next_page_token: offset + limit < all.length ? String(offset + limit) : null,
    });
  }
}

/** A valid wire bar for symbol `S` at minute `t`, with prices derived from `seed`. */
export function wireBar(S: string, t: string, seed = 1, T: WireBar['T'] = 'b'): WireBar {
  const o = 100 + seed;
  return { T, S, o, h: o + 1, l: o - 1, c: o + 0.5, v: 1000 + seed, t, n: 10, vw: o + 0.2 };
}

/** A forward split as Alpaca's `/v1/corporate-actions` returns it (NVDA's 10-for-1 of June 2024, shape-wise). */
export function wireForwardSplit(
  symbol: string,
  exDate: string,
  newRate = 10,
  oldRate = 1,
): Record<string, unknown> {
  return {
    id: `fs-${symbol}-${exDate}`,
    symbol,
    cusip: '67066G104',
    new_rate: newRate,
    old_rate: oldRate,
    process_date: exDate,
    ex_date: exDate,
    record_date: exDate,
    payable_date: exDate,
  };
}

/**
 * An Alpaca source config pointed at a fake server: the settings every Alpaca test shares (fast
 * reconnects, corporate actions off unless a test is about them), with per-test overrides.
 */
export function fakeAlpacaConfig(
  f: FakeAlpaca,
  overrides: Partial<AlpacaConfig> = {},
): AlpacaConfig {
  return {
    keyId: 'test-key',
    secretKey: 'test-secret',
    feed: 'iex',
    streamUrl: f.streamUrl('iex'),
    dataUrl: f.dataUrl,
    symbols: ['AAPL', 'MSFT'],
    channels: ['bars', 'updatedBars', 'dailyBars', 'statuses'],
    silenceMs: 60_000,
    backfill: true,
    backfillMaxMinutes: 390,
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    corporateActions: false,
    corporateActionsLookaheadDays: 7,
    ...overrides,
  };
}
