import { accessSync, constants, statSync } from 'node:fs';
import {
  envBool,
  envEnum,
  envInt,
  envList,
  envOptionalString,
  envString,
  type Env,
} from '@marketfeed/service';
import {
  kafkaServiceEnvShape,
  loadKafkaServiceConfig,
  type KafkaServiceBase,
  type ParsedEnv,
} from '@marketfeed/kafka';
import { isDate } from '@marketfeed/schema';
import { parseStartPrices } from './sources/simulator/start-prices.js';
import { parsePace, type Pace } from './sources/pace.js';

const ALPACA_CHANNELS = [
  'bars',
  'updatedBars',
  'dailyBars',
  'statuses',
  'trades',
  'quotes',
] as const;
export type AlpacaChannel = (typeof ALPACA_CHANNELS)[number];

/** Every variable the ingestor reads. Defaults are what a production deployment wants. */
export const ingestorEnvShape = {
  ...kafkaServiceEnvShape,
  INGEST_SOURCE: envEnum(['simulator', 'alpaca', 'replay'], 'simulator'),
  /** Records per produce request; bigger batches amortise the per-request round trip. */
  INGEST_BATCH_MAX: envInt(2000, 1, 100_000),
  /** How long a partial batch waits for more records before it is sent anyway. */
  INGEST_LINGER_MS: envInt(10, 0, 10_000),
  /** Records held in memory while Kafka is slow or away; pull sources pause when it is full. */
  INGEST_BUFFER_MAX: envInt(200_000, 10, 10_000_000),
  /** A produce request pending this long marks the service not ready (Kafka unavailable). */
  INGEST_KAFKA_STALL_MS: envInt(5_000, 100, 600_000),
  /**
   * Idempotent producers (lanes), each owning the symbols that hash to it, so one symbol's records
   * stay in order; kafkajs allows one request in flight per producer, the lanes' go together.
   */
  INGEST_PRODUCERS: envInt(1, 1, 16),
  KAFKA_COMPRESSION: envEnum(['none', 'gzip'], 'none'),
  /** Create the topics the ingestor writes if missing (local/dev; MSK topics come from feedctl). */
  INGEST_CREATE_TOPICS: envBool(false),
  INGEST_TOPIC_PARTITIONS: envInt(6, 1, 10_000),

  SIMULATOR_SYMBOLS: envString('50'),
  SIMULATOR_SEED: envInt(1, 0, 2 ** 32 - 1),
  SIMULATOR_RATE: envString('60x'),
  SIMULATOR_START_DATE: envString('2024-01-02'),
  SIMULATOR_START_PRICES: envString(''),
  SIMULATOR_DAYS: envInt(0, 0, 100_000),
  SIMULATOR_MAX_MESSAGES: envInt(0, 0, Number.MAX_SAFE_INTEGER),
  SIMULATOR_EXTENDED_HOURS: envBool(true),

  REPLAY_FILE: envOptionalString(),
  REPLAY_SPEED: envString('max'),
  REPLAY_LOOP: envBool(false),
  CORPORATE_ACTIONS_FILE: envOptionalString(),

  ALPACA_KEY_ID: envOptionalString(),
  ALPACA_SECRET_KEY: envOptionalString(),
  ALPACA_FEED: envEnum(['iex', 'sip', 'delayed_sip'], 'iex'),
  ALPACA_STREAM_URL: envOptionalString(),
  /** Base URL of the market-data REST API (backfill, corporate actions; default https://data.alpaca.markets). */
  ALPACA_DATA_URL: envOptionalString(),
  SYMBOLS: envList([]),
  ALPACA_CHANNELS: envList(['bars', 'updatedBars', 'dailyBars', 'statuses']),
  /** No data for this long during the regular session means a stalled stream: reconnect. */
  ALPACA_SILENCE_MS: envInt(90_000, 1_000, 3_600_000),
  ALPACA_BACKFILL: envBool(true),
  /** Longest gap backfilled; a longer outage backfills only its most recent part. */
  ALPACA_BACKFILL_MAX_MINUTES: envInt(390, 1, 10_000),
  ALPACA_RECONNECT_INITIAL_MS: envInt(1_000, 10, 600_000),
  ALPACA_RECONNECT_MAX_MS: envInt(30_000, 10, 600_000),
  /** Publish splits and cash dividends from the corporate-actions REST API (at start-up, then daily). */
  ALPACA_CORPORATE_ACTIONS: envBool(true),
  /** Ex-dates fetched: from 7 days back to this many days ahead of the New York date. */
  ALPACA_CORPORATE_ACTIONS_LOOKAHEAD_DAYS: envInt(7, 0, 365),
};

export type SimulatorConfig = {
  symbols: number | string[];
  seed: number;
  pace: Pace;
  startDate: string;
  /** Per-symbol starting prices of a continued simulation (SIMULATOR_START_PRICES). */
  startPrices?: Record<string, number>;
  days: number;
  maxMessages: number;
  extendedHours: boolean;
};

export type ReplayConfig = {
  file: string;
  pace: Pace;
  loop: boolean;
  corporateActionsFile: string | undefined;
};

export type AlpacaConfig = {
  keyId: string;
  secretKey: string;
  feed: 'iex' | 'sip' | 'delayed_sip';
  streamUrl: string | undefined;
  dataUrl: string | undefined;
  symbols: string[];
  channels: AlpacaChannel[];
  silenceMs: number;
  backfill: boolean;
  backfillMaxMinutes: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  corporateActions: boolean;
  corporateActionsLookaheadDays: number;
};

export type IngestorConfig = KafkaServiceBase & {
  publisher: {
    batchMax: number;
    lingerMs: number;
    bufferMax: number;
    stallMs: number;
    producers: number;
    compression: 'none' | 'gzip';
    createTopics: boolean;
    topicPartitions: number;
  };
  source:
    | { kind: 'simulator'; simulator: SimulatorConfig }
    | { kind: 'replay'; replay: ReplayConfig }
    | { kind: 'alpaca'; alpaca: AlpacaConfig };
};

function isReadableFile(path: string): boolean {
  try {
    return statSync(path).isFile() && (accessSync(path, constants.R_OK), true);
  } catch {
    return false;
  }
}

type Parsed = ParsedEnv<typeof ingestorEnvShape>;
type Problem = { variable: string; reason: string };

function simulatorSymbols(v: string): number | string[] | null {
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 20_000 ? n : null;
  }
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return list.length > 0 ? list : null;
}

function problems(c: Parsed): Problem[] {
  const out: Problem[] = [];
  if (parsePace(c.SIMULATOR_RATE) === null)
    out.push({
      variable: 'SIMULATOR_RATE',
      reason: `expected realtime, max, a speed factor like 60x, or a rate like 5000/s; got "${c.SIMULATOR_RATE}"`,
    });
  if (!isDate(c.SIMULATOR_START_DATE))
    out.push({
      variable: 'SIMULATOR_START_DATE',
      reason: `expected YYYY-MM-DD, got "${c.SIMULATOR_START_DATE}"`,
    });
  if (parseStartPrices(c.SIMULATOR_START_PRICES) === null)
    out.push({
      variable: 'SIMULATOR_START_PRICES',
      reason: 'expected SYMBOL=price,SYMBOL=price with positive prices',
    });
  if (simulatorSymbols(c.SIMULATOR_SYMBOLS) === null)
    out.push({
      variable: 'SIMULATOR_SYMBOLS',
      reason: 'expected a count in [1, 20000] or a comma-separated list of symbols',
    });
  const replaySpeed = parsePace(c.REPLAY_SPEED);
  if (replaySpeed === null || replaySpeed.kind === 'rate')
    out.push({
      variable: 'REPLAY_SPEED',
      reason: `expected max, realtime or a speed factor like 10x; got "${c.REPLAY_SPEED}"`,
    });
  if (c.INGEST_SOURCE === 'replay' && !c.REPLAY_FILE)
    out.push({ variable: 'REPLAY_FILE', reason: 'is required when INGEST_SOURCE=replay' });
  // Checked here, not when the source opens it: an operator's typo is a config error named at
  // boot, not a stack trace after the service said it started.
  if (c.INGEST_SOURCE === 'replay') {
    const files = [
      ['REPLAY_FILE', 'a JSON-lines recording'],
      ['CORPORATE_ACTIONS_FILE', 'a corporate-actions JSON file'],
    ] as const;
    for (const [variable, what] of files) {
      const file = c[variable];
      if (file && !isReadableFile(file))
        out.push({ variable, reason: `cannot read ${file}; point it at ${what}` });
    }
  }
  if (c.INGEST_SOURCE === 'alpaca') {
    if (!c.ALPACA_KEY_ID)
      out.push({ variable: 'ALPACA_KEY_ID', reason: 'is required when INGEST_SOURCE=alpaca' });
    if (!c.ALPACA_SECRET_KEY)
      out.push({
        variable: 'ALPACA_SECRET_KEY',
        reason: 'is required when INGEST_SOURCE=alpaca (or set ALPACA_SECRET_KEY_FILE)',
      });
    if (c.SYMBOLS.length === 0)
      out.push({
        variable: 'SYMBOLS',
        reason: 'is required when INGEST_SOURCE=alpaca (a list, or * for all)',
      });
  }
  for (const ch of c.ALPACA_CHANNELS) {
    if (!(ALPACA_CHANNELS as readonly string[]).includes(ch))
      out.push({
        variable: 'ALPACA_CHANNELS',
        reason: `unknown channel "${ch}"; expected some of ${ALPACA_CHANNELS.join(',')}`,
      });
  }
  if (c.ALPACA_RECONNECT_MAX_MS < c.ALPACA_RECONNECT_INITIAL_MS)
    out.push({
      variable: 'ALPACA_RECONNECT_MAX_MS',
      reason: 'must be >= ALPACA_RECONNECT_INITIAL_MS',
    });
  for (const v of ['ALPACA_STREAM_URL', 'ALPACA_DATA_URL'] as const) {
    const url = c[v];
    if (url !== undefined && !/^(wss?|https?):\/\/\S+$/.test(url))
      out.push({ variable: v, reason: `is not a URL: "${url}"` });
  }
  return out;
}

/** Reads and validates the environment once, at boot; throws ConfigError naming every bad variable. */
export function loadIngestorConfig(env: Env): IngestorConfig {
  const { cfg: c, base: common } = loadKafkaServiceConfig(ingestorEnvShape, env, {
    secrets: ['ALPACA_KEY_ID', 'ALPACA_SECRET_KEY'],
    problems,
  });
  const base = {
    ...common,
    publisher: {
      batchMax: c.INGEST_BATCH_MAX,
      lingerMs: c.INGEST_LINGER_MS,
      bufferMax: c.INGEST_BUFFER_MAX,
      stallMs: c.INGEST_KAFKA_STALL_MS,
      producers: c.INGEST_PRODUCERS,
      compression: c.KAFKA_COMPRESSION,
      createTopics: c.INGEST_CREATE_TOPICS,
      topicPartitions: c.INGEST_TOPIC_PARTITIONS,
    },
  };
  switch (c.INGEST_SOURCE) {
    case 'simulator':
      return {
        ...base,
        source: {
          kind: 'simulator',
          simulator: {
            symbols: simulatorSymbols(c.SIMULATOR_SYMBOLS)!,
            seed: c.SIMULATOR_SEED,
            pace: parsePace(c.SIMULATOR_RATE)!,
            startDate: c.SIMULATOR_START_DATE,
            // Only a continued simulation has start prices (npm start passes them).
            ...(c.SIMULATOR_START_PRICES.trim() === ''
              ? {}
              : { startPrices: parseStartPrices(c.SIMULATOR_START_PRICES)! }),
            days: c.SIMULATOR_DAYS,
            maxMessages: c.SIMULATOR_MAX_MESSAGES,
            extendedHours: c.SIMULATOR_EXTENDED_HOURS,
          },
        },
      };
    case 'replay':
      return {
        ...base,
        source: {
          kind: 'replay',
          replay: {
            file: c.REPLAY_FILE!,
            pace: parsePace(c.REPLAY_SPEED)!,
            loop: c.REPLAY_LOOP,
            corporateActionsFile: c.CORPORATE_ACTIONS_FILE,
          },
        },
      };
    case 'alpaca':
      return {
        ...base,
        source: {
          kind: 'alpaca',
          alpaca: {
            keyId: c.ALPACA_KEY_ID!,
            secretKey: c.ALPACA_SECRET_KEY!,
            feed: c.ALPACA_FEED,
            streamUrl: c.ALPACA_STREAM_URL,
            dataUrl: c.ALPACA_DATA_URL,
            symbols: c.SYMBOLS,
            channels: c.ALPACA_CHANNELS as AlpacaChannel[],
            silenceMs: c.ALPACA_SILENCE_MS,
            backfill: c.ALPACA_BACKFILL,
            backfillMaxMinutes: c.ALPACA_BACKFILL_MAX_MINUTES,
            reconnectInitialMs: c.ALPACA_RECONNECT_INITIAL_MS,
            reconnectMaxMs: c.ALPACA_RECONNECT_MAX_MS,
            corporateActions: c.ALPACA_CORPORATE_ACTIONS,
            corporateActionsLookaheadDays: c.ALPACA_CORPORATE_ACTIONS_LOOKAHEAD_DAYS,
          },
        },
      };
  }
}
