import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import { createLogger } from '@marketfeed/service';
import { Board } from '../src/board.js';
import type { HistoryReader } from '../src/history.js';
import { LiveHub } from '../src/live-hub.js';
import { createWebServer } from '../src/web-server.js';
import { barSeries } from './bars.js';

const aaa = barSeries({ symbol: 'ZAAA', start: '2026-01-05T14:30:00Z', minutes: 3, open: 100, prevClose: 90, drift: 0, seed: 1 });
const bbb = barSeries({ symbol: 'ZBBB', start: '2026-01-05T14:30:00Z', minutes: 2, open: 50, prevClose: 60, drift: 0, seed: 2 });

function server(history: Partial<HistoryReader> = {}) {
  const board = new Board();
  for (const b of [...aaa, ...bbb]) board.apply(b);
  const calls: { symbol: string; from: Date; to: Date }[] = [];
  const app = createWebServer({
    logger: createLogger({ name: 'web-test', level: 'silent' }),
    board,
    hub: new LiveHub({ flushIntervalMs: 1000, maxClients: 1, maxFocusBars: 10, maxSymbols: 10 }),
    history: {
      bars: async (symbol, range) => {
        calls.push({ symbol, ...range });
        return aaa;
      },
      close: async () => undefined,
      ...history,
    },
    assets: new Map([['/', { contentType: 'text/html; charset=utf-8', body: '<html></html>' }]]),
    snapshotRead: () => true,
  });
  return { app, calls };
}

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

describe('the JSON API', () => {
  it('lists the symbols the board holds, sorted', async () => {
    ({ app } = server());
    const res = await app.inject('/api/symbols');
    expect(res.json()).toEqual({ symbols: ['ZAAA', 'ZBBB'] });
  });

  it('serves the board as the newest bar per symbol', async () => {
    ({ app } = server());
    const body = (await app.inject('/api/board')).json() as { snapshotRead: boolean; bars: EnrichedBarV1[] };
    expect(body.snapshotRead).toBe(true);
    expect(body.bars.map((b) => [b.symbol, b.seq])).toEqual([
      ['ZAAA', 3],
      ['ZBBB', 2],
    ]);
    expect(body.bars[0]!.indicator).toBe('Bullish');
    expect(body.bars[1]!.indicator).toBe('Bearish');
  });

  it('reads a symbol\'s bars for the requested range from history', async () => {
    const s = server();
    app = s.app;
    const res = await app.inject('/api/bars/ZAAA?from=2026-01-05T14:00:00Z&to=2026-01-05T15:00:00Z');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { bars: unknown[] }).bars).toHaveLength(3);
    expect(s.calls).toEqual([
      { symbol: 'ZAAA', from: new Date('2026-01-05T14:00:00Z'), to: new Date('2026-01-05T15:00:00Z') },
    ]);
  });

  it('defaults the range to the day before the symbol\'s newest bar', async () => {
    const s = server();
    app = s.app;
    await app.inject('/api/bars/ZAAA');
    expect(s.calls[0]!.to.toISOString()).toBe('2026-01-05T14:33:00.000Z');
    expect(s.calls[0]!.from.toISOString()).toBe('2026-01-04T14:33:00.000Z');
  });

  it('rejects a time that is not ISO-8601, naming the parameter', async () => {
    ({ app } = server());
    const res = await app.inject('/api/bars/ZAAA?from=yesterday');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'query parameter "from" must be an ISO-8601 time, got "yesterday"' });
  });

  it('rejects a symbol that could not name an alias', async () => {
    ({ app } = server());
    const res = await app.inject('/api/bars/' + encodeURIComponent('*,_all'));
    expect(res.statusCode).toBe(400);
  });

  it('answers 502 when history is unavailable', async () => {
    ({ app } = server({
      bars: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    }));
    const res = await app.inject('/api/bars/ZAAA');
    expect(res.statusCode).toBe(502);
  });

  it('serves the page', async () => {
    ({ app } = server());
    const res = await app.inject('/');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});
