import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '@marketfeed/service';
import type { Board } from './board.js';
import type { HistoryReader } from './history.js';
import { TooManyClientsError, type LiveHub } from './live-hub.js';
import type { StaticAsset } from './static-assets.js';

export interface WebServerDeps {
  logger: Logger;
  board: Board;
  hub: LiveHub;
  history: HistoryReader;
  assets: Map<string, StaticAsset>;
  /** True once the `latest` snapshot has been read: before that the board is partial. */
  snapshotRead(): boolean;
}

// Symbols as the feed's schema allows them (letters, digits, ".", "/", "-"); anything else
// cannot have history and must not reach an index name.
const SYMBOL_RE = /^[A-Za-z0-9./-]{1,16}$/;
const DAY_MS = 86_400_000;

class BadRequest extends Error {}

function parseTime(name: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const t = new Date(value);
  if (Number.isNaN(t.getTime()))
    throw new BadRequest(`query parameter "${name}" must be an ISO-8601 time, got "${value}"`);
  return t;
}

/**
 * The page, the JSON API and the live stream. The browser only ever talks to this server:
 * Kafka and OpenSearch stay behind it.
 */
export function createWebServer(deps: WebServerDeps): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger.child({ component: 'web-http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // Live streams never end on their own; closing the server must end them.
    forceCloseConnections: true,
  });

  for (const [path, asset] of deps.assets)
    app.get(path, async (_req, reply) =>
      reply.header('content-type', asset.contentType).header('cache-control', 'no-cache').send(asset.body),
    );

  app.get('/api/symbols', async () => ({ symbols: deps.board.symbols() }));

  app.get('/api/board', async () => ({
    snapshotRead: deps.snapshotRead(),
    bars: deps.board.rows(),
  }));

  app.get<{ Params: { symbol: string }; Querystring: { from?: string; to?: string } }>(
    '/api/bars/:symbol',
    async (req, reply) => {
      const { symbol } = req.params;
      if (!SYMBOL_RE.test(symbol))
        return reply.code(400).send({ error: `"${symbol}" is not a symbol` });
      let from: Date | undefined;
      let to: Date | undefined;
      try {
        from = parseTime('from', req.query.from);
        to = parseTime('to', req.query.to);
      } catch (err) {
        if (err instanceof BadRequest) return reply.code(400).send({ error: err.message });
        throw err;
      }
      // Default window: the day before the symbol's newest bar (simulated sessions may lie
      // far from the wall clock), or before now for a symbol the board has not seen.
      const newest = deps.board.get(symbol)?.timestamp;
      to ??= newest ? new Date(Date.parse(newest) + 60_000) : new Date();
      from ??= new Date(to.getTime() - DAY_MS);
      if (from > to) return reply.code(400).send({ error: '"from" must not be after "to"' });
      try {
        const bars = await deps.history.bars(symbol, { from, to });
        return { symbol, from: from.toISOString(), to: to.toISOString(), bars };
      } catch (err) {
        req.log.warn({ err, symbol }, 'history query failed');
        return reply.code(502).send({ error: 'history is unavailable (OpenSearch did not answer)' });
      }
    },
  );

  app.get<{ Querystring: { symbol?: string } }>('/api/stream', (req, reply) => {
    const focus = req.query.symbol;
    if (focus !== undefined && !SYMBOL_RE.test(focus)) {
      void reply.code(400).send({ error: `"${focus}" is not a symbol` });
      return;
    }
    const res = reply.raw;
    let unsubscribe: () => void;
    try {
      unsubscribe = deps.hub.subscribe(
        {
          write: (frame) => res.write(frame),
          onDrain: (listener) => res.on('drain', listener),
        },
        focus,
      );
    } catch (err) {
      if (err instanceof TooManyClientsError) {
        void reply.code(503).header('retry-after', '5').send({ error: err.message });
        return;
      }
      throw err;
    }
    reply.hijack();
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    // The browser's EventSource reconnects after this many ms if the stream drops.
    res.write('retry: 2000\n\n');
    // Not written to a stalled client: its socket buffer must not grow, however slowly.
    const heartbeat = setInterval(() => {
      if (!res.writableNeedDrain) res.write(': keep-alive\n\n');
    }, 15_000);
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  return app;
}
