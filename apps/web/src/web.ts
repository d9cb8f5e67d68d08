import type { FastifyInstance } from 'fastify';
import type { Kafka } from 'kafkajs';
import type { Counter as CounterT, Registry } from 'prom-client';
import { topicCatalog } from '@marketfeed/kafka';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import {
  Counter,
  Gauge,
  serviceOutcome,
  StateCheck,
  type Logger,
  type Readiness,
  type Service,
} from '@marketfeed/service';
import { Board } from './board.js';
import type { WebConfig } from './config.js';
import type { HistoryReader } from './history.js';
import { createLiveFeed, type LiveFeed } from './live-feed.js';
import { LiveHub } from './live-hub.js';
import { loadStaticAssets } from './static-assets.js';
import { createWebServer } from './web-server.js';

export interface Web extends Service {
  /** The page's URL once started. */
  readonly url: string;
  readonly server: FastifyInstance;
}

export interface WebDeps {
  config: Pick<WebConfig, 'kafka' | 'groupId' | 'http' | 'live'>;
  kafka: Kafka;
  history: HistoryReader;
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
}

/** The web view: Kafka feed in, board + live hub in memory, page/API/SSE out. */
export function createWeb(deps: WebDeps): Web {
  const { config, logger } = deps;
  const topics = topicCatalog(config.kafka.topicPrefix);
  const board = new Board();
  const frames = new Counter({
    name: 'web_sse_frames_total',
    help: 'Live-stream frames written to browsers (one per client per flush with updates)',
    registers: [deps.registry],
  });
  const hub = new LiveHub({ ...config.live, onFrame: () => frames.inc() });
  const snapshotCheck = new StateCheck('reading the latest snapshot');
  deps.readiness.register('snapshot', snapshotCheck.check);

  const barsIn: CounterT<'topic'> = new Counter({
    name: 'web_bars_received_total',
    help: 'Valid enriched bars received, by topic',
    labelNames: ['topic'],
    registers: [deps.registry],
  });
  const invalid: CounterT<'topic'> = new Counter({
    name: 'web_invalid_records_total',
    help: 'Records that failed enriched-bar validation and were skipped',
    labelNames: ['topic'],
    registers: [deps.registry],
  });
  const liveGauges: [name: string, help: string, read: () => number][] = [
    ['web_sse_clients', 'Connected live-stream clients', () => hub.stats().clients],
    [
      'web_sse_stalled_clients',
      'Live-stream clients whose socket is not draining (their updates are coalesced)',
      () => hub.stats().stalled,
    ],
    [
      'web_sse_pending_bars',
      'Bars waiting to be sent, summed over clients (bounded by clients x symbols)',
      () => hub.pendingBars(),
    ],
  ];
  for (const [name, help, read] of liveGauges) {
    new Gauge({
      name,
      help,
      registers: [deps.registry],
      collect() {
        this.set(read());
      },
    });
  }

  let snapshotRead = false;
  const onBar = (bar: EnrichedBarV1, topic: string) => {
    barsIn.inc({ topic });
    if (board.apply(bar)) hub.publish(bar);
  };
  const feed: LiveFeed = createLiveFeed({
    kafka: deps.kafka,
    logger,
    topics: { latest: topics.latest.name, enriched: topics.enriched.name },
    groupPrefix: config.groupId,
    onBar,
    onInvalid: (topic, issues) => {
      invalid.inc({ topic });
      logger.warn(
        { topic, issues: issues.slice(0, 3) },
        'skipped a record that is not a valid enriched bar',
      );
    },
    onSnapshotRead: () => {
      snapshotRead = true;
      snapshotCheck.up(`${board.size} symbols`);
      logger.info({ symbols: board.size }, 'board bootstrapped from the latest snapshot');
    },
  });
  deps.readiness.register('kafka-connected', () =>
    feed.connected ? { ok: true } : { ok: false, detail: 'consumer not joined' },
  );

  const server = createWebServer({
    logger,
    board,
    hub,
    history: deps.history,
    assets: loadStaticAssets(),
    snapshotRead: () => snapshotRead,
  });

  const outcome = serviceOutcome();
  // `failed` only ever resolves (live-feed.ts), with the error that ended the feed.
  void feed.failed.then((error) => outcome.fail(error));
  let url = '';
  let stopping: Promise<void> | undefined;

  return {
    done: outcome.done,
    server,
    get url() {
      return url;
    },
    async start() {
      hub.start();
      const address = await server.listen({ host: config.http.host, port: config.http.port });
      url = address;
      deps.logger.info({ url }, `web view at ${url}`);
      await feed.start();
    },
    stop() {
      stopping ??= (async () => {
        hub.stop();
        await Promise.allSettled([server.close(), feed.stop(), deps.history.close()]);
        outcome.finish();
      })();
      return stopping;
    },
  };
}
