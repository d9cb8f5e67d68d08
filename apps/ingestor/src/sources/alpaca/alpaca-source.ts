import { streaming } from '@alpacahq/alpaca-trade-api';
import { sessionOf } from '@marketfeed/indicators';
import { EXIT, OperatorError } from '@marketfeed/service';
import type { RawEvent } from '@marketfeed/schema';
import type { AlpacaChannel, AlpacaConfig } from '../../config.js';
import { corporateActionRecord, recordForInput } from '../../pipeline/outbound-record.js';
import type { IngestSink, Source, SourceContext, SourceSummary } from '../source.js';
import { createAlpacaBackfillClient, type BackfillClient } from './backfill.js';
import {
  CorporateActionsSchedule,
  createAlpacaCorporateActionsClient,
  type CorporateActionsClient,
} from './corporate-actions.js';
import { SeenBars } from './seen-bars.js';
import {
  barToRaw,
  quoteToRaw,
  statusToRaw,
  tradeToRaw,
  type SdkBar,
  type SdkQuote,
  type SdkStatus,
  type SdkTrade,
} from './to-raw-event.js';

const MINUTE_MS = 60_000;
const DEDUPE_HORIZON_MS = 15 * MINUTE_MS;

/** Alpaca stream error messages (the SDK's text for each code) that retrying cannot fix. */
const FATAL_ERRORS: Record<string, { code: number; hint: string }> = {
  'not authenticated': {
    code: 401,
    hint: 'the stream did not accept the session; check ALPACA_KEY_ID / ALPACA_SECRET_KEY',
  },
  'auth failed': {
    code: 402,
    hint: 'wrong ALPACA_KEY_ID / ALPACA_SECRET_KEY (paper and live keys differ)',
  },
  'auth timeout': {
    code: 404,
    hint: 'authentication took too long; check connectivity to the stream',
  },
  'insufficient subscription': {
    code: 409,
    hint: 'the account does not include this feed; use ALPACA_FEED=iex or upgrade the market-data plan',
  },
};
const CONNECTION_LIMIT = 'connection limit exceeded';

/**
 * An Alpaca answer only the operator can fix (keys, plan, network): runService prints its one
 * line, which names the variable, and exits 78 (a configuration the deployment must change).
 */
export class AlpacaSourceError extends OperatorError {
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message, EXIT.config);
    this.name = 'AlpacaSourceError';
  }
}

export type AlpacaSourceDeps = {
  /** Socket factory passed to the SDK (tests never need it: they point ALPACA_STREAM_URL at a local server). */
  wsFactory?: streaming.WebSocketFactory;
  backfill?: BackfillClient;
  /** Whether silence means a stalled stream at this instant; default: during the NYSE regular session. */
  expectsData?: (nowMs: number) => boolean;
  corporateActions?: CorporateActionsClient;
  /** A failed or incomplete corporate-actions fetch is retried this much later (default 5 min). */
  corporateActionsRetryMs?: number;
  /** Longest wait at start-up for Kafka to acknowledge the corporate actions before subscribing (default 30 s). */
  corporateActionsAckWaitMs?: number;
};

function regularSession(nowMs: number): boolean {
  return sessionOf(new Date(nowMs).toISOString()).session === 'regular';
}

type Gap = { fromMs: number; cause: 'disconnect' | 'silence' };
/** Ticks of the watchdog (silence, dropped-bar recovery) happen at most this far apart. */
const MAX_TICK_MS = 5_000;

/**
 * Alpaca market data stream v2 through the official SDK's StockDataStream: unlimited reconnects
 * with exponential backoff and jitter, auth failures fatal, silent-socket detection, and after
 * every reconnect a backfill of the minute bars the gap swallowed, de-duplicated against what
 * was already published.
 */
/** The SDK's subscribe call for each channel ALPACA_CHANNELS may name. */
const SUBSCRIBE_METHOD = {
  bars: 'subscribeForBars',
  updatedBars: 'subscribeForUpdatedBars',
  dailyBars: 'subscribeForDailyBars',
  statuses: 'subscribeForStatuses',
  trades: 'subscribeForTrades',
  quotes: 'subscribeForQuotes',
} as const satisfies Record<AlpacaChannel, keyof streaming.StockDataStream>;

export function createAlpacaSource(
  config: AlpacaConfig,
  ctx: SourceContext,
  deps: AlpacaSourceDeps = {},
): Source {
  const log = ctx.logger.child({ component: 'alpaca' });
  const expectsData = deps.expectsData ?? regularSession;
  const backfillClient =
    deps.backfill ??
    createAlpacaBackfillClient({
      keyId: config.keyId,
      secret: config.secretKey,
      feed: config.feed,
      dataUrl: config.dataUrl,
    });
  const wildcard = config.symbols.includes('*');
  // Backfill starts at the newest minute already seen, so de-duplication needs only the last few
  // minutes of bars, not the whole gap: memory stays small even for `*` on SIP.
  const seen = new SeenBars(DEDUPE_HORIZON_MS);
  const barSymbols = new Set<string>(wildcard ? [] : config.symbols);
  const counts: Record<string, number> = {};

  let stream: streaming.StockDataStream | undefined;
  let sink: IngestSink | undefined;
  let stopped = false;
  let finish: (() => void) | undefined;
  let failRun: ((err: Error) => void) | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let lastDataMs = ctx.now();
  let gap: Gap | undefined;
  let backfills: Promise<void> = Promise.resolve();
  let corporateActionsRun: Promise<void> = Promise.resolve();
  let corporateActionsBusy = false;
  let corporateActionsPublished = 0;
  let reconnects = 0;
  let backfilled = 0;
  /** Newest minute bar published: a gap's missing bars are the ones after it. */
  let lastBarMs: number | undefined;
  /** Oldest minute bar dropped because the buffer was full (Kafka away): recovered by backfill. */
  let droppedFromMs: number | undefined;

  const publish = (event: RawEvent, origin: string): boolean => {
    const now = ctx.now();
    const record = recordForInput(event, origin, now);
    if (record.role === 'raw' && event.T === 'b') {
      const tMs = Date.parse(event.t);
      if (!seen.add(event.S, event.t, tMs)) {
        ctx.metrics.duplicates.inc();
        return false;
      }
      if (lastBarMs === undefined || tMs > lastBarMs) lastBarMs = tMs;
      if (wildcard) barSymbols.add(event.S);
    }
    ctx.metrics.countReceived(record.type);
    counts[record.type] = (counts[record.type] ?? 0) + 1;
    if (record.role === 'dlq') ctx.metrics.rejected.inc({ reason: 'invalid' });
    if (sink && !sink.offer(record)) {
      // The stream cannot be paused; a dropped minute bar is forgotten so a later backfill can add it.
      if (record.role === 'raw' && event.T === 'b') {
        seen.forget(event.S, event.t);
        const tMs = Date.parse(event.t);
        droppedFromMs = droppedFromMs === undefined ? tMs : Math.min(droppedFromMs, tMs);
      }
      return false;
    }
    return true;
  };

  const onData = (event: RawEvent) => {
    lastDataMs = ctx.now();
    publish(event, 'alpaca');
  };

  const fatal = (err: AlpacaSourceError) => {
    ctx.check.down(err.message);
    log.error({ code: err.code }, err.message);
    if (watchdog) clearInterval(watchdog);
    stream?.disconnect();
    failRun?.(err);
  };

  const openGap = (cause: Gap['cause']) => {
    if (gap || stopped) return;
    gap = { fromMs: lastDataMs, cause };
  };

  const backfillEnabled = config.backfill && config.channels.includes('bars');

  /** Where a gap's backfill starts. */
  const gapStartMs = (g: Gap): number =>
    // From the newest minute already seen, inclusive: the drop may have cut that minute's batch
    // in half (the bars seen are skipped by de-duplication). With no bar seen yet, a minute bar
    // arrives after its minute ends, so the gap may have swallowed the minute before it began.
    lastBarMs !== undefined ? lastBarMs : Math.floor(g.fromMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS;

  const runBackfill = async (fromMs: number, toMs: number) => {
    const symbols = [...barSymbols];
    const startMs = Math.max(fromMs, toMs - config.backfillMaxMinutes * MINUTE_MS);
    try {
      const bars = await backfillClient.minuteBars(symbols, startMs, toMs);
      let added = 0;
      for (const bar of bars) if (publish(bar, 'alpaca-backfill')) added++;
      backfilled += added;
      ctx.metrics.backfilled.inc(added);
      log.info(
        {
          symbols: symbols.length,
          from: new Date(startMs).toISOString(),
          to: new Date(toMs).toISOString(),
          fetched: bars.length,
          added,
        },
        'backfilled minute bars after a gap',
      );
    } catch (err) {
      ctx.metrics.sourceErrors.inc({ code: 'backfill' });
      log.error(
        { err, from: new Date(startMs).toISOString() },
        'backfill failed; the gap stays recorded in ingestor_gaps_total',
      );
    }
  };

  const closeGap = () => {
    const g = gap;
    if (!g) return;
    gap = undefined;
    const now = ctx.now();
    ctx.metrics.gaps.inc({ cause: g.cause });
    ctx.metrics.gapSeconds.inc(Math.max(0, now - g.fromMs) / 1000);
    log.warn(
      { cause: g.cause, from: new Date(g.fromMs).toISOString(), to: new Date(now).toISOString() },
      'stream gap',
    );
    if (backfillEnabled) {
      const from = gapStartMs(g);
      backfills = backfills.then(() => runBackfill(from, now));
    }
  };

  const recoverDroppedBars = () => {
    if (droppedFromMs === undefined || !sink || sink.full || stopped) return;
    const from = droppedFromMs;
    droppedFromMs = undefined;
    const now = ctx.now();
    ctx.metrics.gaps.inc({ cause: 'buffer_full' });
    log.warn(
      { from: new Date(from).toISOString() },
      'minute bars were dropped while the buffer was full; backfilling them',
    );
    if (backfillEnabled) backfills = backfills.then(() => runBackfill(from, now));
  };

  const corporateActionsEnabled = config.corporateActions;
  const corporateActionsClient = corporateActionsEnabled
    ? (deps.corporateActions ??
      createAlpacaCorporateActionsClient({
        keyId: config.keyId,
        secret: config.secretKey,
        dataUrl: config.dataUrl,
      }))
    : undefined;
  const schedule = new CorporateActionsSchedule(
    config.corporateActionsLookaheadDays,
    deps.corporateActionsRetryMs ?? 5 * MINUTE_MS,
  );

  /**
   * One corporate-actions cycle: fetch the window's splits and dividends, hand the ones not
   * published yet to the publisher (same path as simulator/replay: the corporate-actions topic,
   * keyed by corporateActionKey, never batched with bars). A failure is logged and counted, and
   * the cycle is retried later; the stream is never affected.
   */
  const refreshCorporateActions = async (atStartup: boolean): Promise<void> => {
    if (!corporateActionsClient || corporateActionsBusy) return;
    corporateActionsBusy = true;
    const now = ctx.now();
    const { today, start, end } = schedule.window(now);
    // The corporate-actions endpoint takes `symbols` as an optional filter: for `*`, no filter.
    const symbols = wildcard ? undefined : config.symbols;
    try {
      const { actions, issues } = await corporateActionsClient.fetch(symbols, start, end);
      if (issues.length > 0)
        log.warn(
          { issues: issues.slice(0, 20), count: issues.length },
          'corporate actions from Alpaca that fail validation were skipped',
        );
      let complete = true;
      let added = 0;
      for (const action of schedule.fresh(actions)) {
        if (stopped) {
          complete = false;
          break;
        }
        const record = corporateActionRecord(action, ctx.now());
        if (!sink || !sink.offer(record)) {
          complete = false;
          break;
        }
        schedule.markPublished(action);
        ctx.metrics.countReceived(record.type);
        counts[record.type] = (counts[record.type] ?? 0) + 1;
        ctx.metrics.corporateActionsPublished.inc({ type: action.type });
        added++;
        if (!atStartup && action.ex_date <= today)
          log.warn(
            { action },
            'corporate action published after the stream started on or after its ex-date: bars of that date may precede it',
          );
        else log.info({ action }, 'corporate action');
      }
      corporateActionsPublished += added;
      schedule.finished(ctx.now(), complete);
      log.info(
        {
          symbols: symbols ? symbols.length : '*',
          from: start,
          to: end,
          fetched: actions.length,
          published: added,
          complete,
        },
        'corporate actions fetched',
      );
    } catch (err) {
      ctx.metrics.corporateActionsFetchErrors.inc();
      schedule.finished(ctx.now(), false);
      log.error(
        { err, from: start, to: end },
        'corporate actions fetch failed; retrying on the next cycle (the stream is not affected)',
      );
    } finally {
      corporateActionsBusy = false;
    }
  };

  /** At start-up: fetch, then wait (bounded) until Kafka acknowledged every action before subscribing. */
  const corporateActionsBeforeStream = async () => {
    if (!corporateActionsClient) return;
    if (wildcard)
      log.info('SYMBOLS=*: fetching corporate actions without a symbol filter (all symbols)');
    ctx.check.down('fetching corporate actions');
    await refreshCorporateActions(true);
    if (!sink?.drained || stopped) return;
    const waitMs = deps.corporateActionsAckWaitMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const acked = await Promise.race([
      sink.drained().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
    ]);
    clearTimeout(timer);
    if (!acked)
      log.warn(
        { waitMs },
        'corporate actions not acknowledged by Kafka yet; subscribing anyway (the publisher still sends them before any bar)',
      );
  };

  const subscribe = (s: streaming.StockDataStream) => {
    for (const channel of config.channels) s[SUBSCRIBE_METHOD[channel]](config.symbols);
  };

  const wire = (s: streaming.StockDataStream) => {
    s.onBar((b: SdkBar) => onData(barToRaw('b', b)));
    s.onUpdatedBar((b: SdkBar) => onData(barToRaw('u', b)));
    s.onDailyBar((b: SdkBar) => onData(barToRaw('d', b)));
    s.onStatus((x: SdkStatus) => onData(statusToRaw(x)));
    s.onTrade((x: SdkTrade) => onData(tradeToRaw(x)));
    s.onQuote((x: SdkQuote) => onData(quoteToRaw(x)));
    s.onStateChange((state: string) => {
      log.debug({ state }, 'stream state');
      if (state === 'authenticated') {
        lastDataMs = Math.max(lastDataMs, ctx.now() - 1);
        ctx.check.up('authenticated');
        closeGap();
      } else if (!stopped) {
        if (state === 'disconnected' || state === 'waiting to reconnect') openGap('disconnect');
        if (ctx.check.ok || state !== 'connecting') ctx.check.down(`stream ${state}`);
      }
    });
    s.onReconnecting((attempt: number) => {
      reconnects++;
      ctx.metrics.reconnects.inc({ cause: 'disconnect' });
      log.warn({ attempt }, 'reconnecting to the Alpaca stream');
    });
    s.on('subscription', (subs: unknown) => {
      log.info({ subscriptions: subs }, 'subscribed');
      ctx.check.up('authenticated and subscribed');
    });
    s.onError((message: string) => {
      const known = FATAL_ERRORS[message];
      ctx.metrics.sourceErrors.inc({
        code: known ? String(known.code) : message === CONNECTION_LIMIT ? '406' : 'other',
      });
      if (known) {
        fatal(
          new AlpacaSourceError(
            `Alpaca stream error ${known.code} (${message}): ${known.hint}`,
            known.code,
          ),
        );
      } else if (message === CONNECTION_LIMIT) {
        ctx.check.down('Alpaca stream error 406 (connection limit exceeded)');
        log.error(
          'Alpaca stream error 406 (connection limit exceeded): another client is connected with these keys to this feed; retrying with backoff',
        );
      } else {
        log.warn({ message }, 'Alpaca stream error');
      }
    });
  };

  const tick = () => {
    recoverDroppedBars();
    checkSilence();
    if (corporateActionsClient && !corporateActionsBusy && !stopped && schedule.due(ctx.now()))
      corporateActionsRun = refreshCorporateActions(false);
  };

  const checkSilence = () => {
    if (!stream || stopped || gap || stream.getState() !== 'authenticated') return;
    const now = ctx.now();
    if (!expectsData(now) || now - lastDataMs < config.silenceMs) return;
    log.warn(
      { silentForMs: now - lastDataMs, silenceMs: config.silenceMs },
      'no data from the stream during market hours: reconnecting',
    );
    openGap('silence');
    reconnects++;
    ctx.metrics.reconnects.inc({ cause: 'silence' });
    ctx.check.down('stream silent; reconnecting');
    stream.disconnect();
    stream.connect();
  };

  return {
    name: 'alpaca',
    async run(s): Promise<SourceSummary> {
      sink = s;
      const startedAt = ctx.now();
      const summary = (): SourceSummary => ({
        source: 'alpaca',
        byType: counts,
        reconnects,
        backfilled,
        corporateActions: corporateActionsPublished,
        durationMs: ctx.now() - startedAt,
      });
      await corporateActionsBeforeStream();
      if (stopped) return summary();
      return new Promise<SourceSummary>((resolve, reject) => {
        finish = () => resolve(summary());
        failRun = reject;
        stream = new streaming.StockDataStream({
          credentials: { keyId: config.keyId, secret: config.secretKey },
          feed: config.feed,
          ...(config.streamUrl ? { url: config.streamUrl } : {}),
          maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
          initialReconnectMs: config.reconnectInitialMs,
          maxReconnectMs: config.reconnectMaxMs,
          reconnectJitter: 0.3,
          ...(deps.wsFactory ? { wsFactory: deps.wsFactory } : {}),
        });
        wire(stream);
        subscribe(stream);
        ctx.check.down('connecting to the Alpaca stream');
        log.info(
          {
            feed: config.feed,
            url: config.streamUrl ?? 'default',
            symbols:
              config.symbols.length > 20 ? `${config.symbols.length} symbols` : config.symbols,
            channels: config.channels,
          },
          'connecting',
        );
        stream.connect();
        watchdog = setInterval(
          tick,
          Math.max(250, Math.min(MAX_TICK_MS, Math.floor(config.silenceMs / 4))),
        );
      });
    },
    async stop() {
      stopped = true;
      if (watchdog) clearInterval(watchdog);
      stream?.disconnect();
      await backfills;
      await corporateActionsRun;
      finish?.();
    },
  };
}
