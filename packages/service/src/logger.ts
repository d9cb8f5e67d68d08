import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino censors wherever they appear in a log object. Secrets reach logs through config
 * dumps, kafkajs/opensearch error objects (sasl, auth) and HTTP headers, so cover all three.
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'secret',
  '*.secret',
  '*.secretKey',
  '*.*.secretKey',
  'KAFKA_PASSWORD',
  'OPENSEARCH_PASSWORD',
  'ALPACA_SECRET_KEY',
  '*.KAFKA_PASSWORD',
  '*.OPENSEARCH_PASSWORD',
  '*.ALPACA_SECRET_KEY',
  'sasl',
  '*.sasl',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface LoggerSettings {
  name: string;
  level: string;
  /** Pretty output for humans. Defaults to true only on a TTY; containers get JSON lines. */
  pretty?: boolean;
  /** Where to write; defaults to stdout. Tests pass a stream to capture lines. */
  destination?: pino.DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: settings.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (settings.destination) return pino(options, settings.destination);
  const pretty = settings.pretty ?? Boolean(process.stdout.isTTY);
  if (pretty) {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' },
      },
    });
  }
  return pino(options);
}
