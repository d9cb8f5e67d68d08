import { createRequire } from 'node:module';
import { logLevel, type LogEntry } from 'kafkajs';

export type PinoLevel = 'error' | 'warn' | 'info' | 'debug';

const LEVELS: Record<number, PinoLevel> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

interface ProtocolErrorSpec {
  type: string;
  code: number;
  retriable: boolean;
  message: string;
}

// kafkajs logs a broker's error answer by its message only, so its own table of protocol errors
// (type, code, retriable, message) is what maps a log line back to the error. Not part of the
// package's typed API, but kafkajs 2.2 is frozen; the unit test fails if the table moves.
const { errorCodes } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
  errorCodes: ProtocolErrorSpec[];
};
const RETRIABLE_BY_MESSAGE = new Map(
  errorCodes.filter((e) => e.retriable).map((e) => [e.message, e.type]),
);

/**
 * A consumer's heartbeat answered with one of these is told to rejoin its group, which kafkajs
 * does on its own and says so at warn (`The group is rebalancing, re-joining`, `The coordinator
 * is not aware of this member, re-joining the group`). Every rebalance (a deploy, a scale-out, a
 * member whose session expired) produces them; the connection's own error line adds nothing.
 */
const REJOIN_BY_MESSAGE = new Map(
  ['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION'].map((type) => {
    const spec = errorCodes.find((e) => e.type === type);
    if (!spec) throw new Error(`kafkajs has no protocol error ${type}`);
    return [spec.message, type];
  }),
);

/** kafkajs prefixes a retriable produce failure it is about to retry with this. */
const SEND_RETRY_PREFIX = 'Failed to send messages: ';

export interface KafkajsLogDecision {
  level: PinoLevel;
  /** The retriable broker error kafkajs logged at error level and then retried (counted). */
  retried?: string;
}

/**
 * kafkajs logs at error level every retriable answer it then retries and usually gets past:
 * CONCURRENT_TRANSACTIONS to AddPartitionsToTxn right after a commit, "coordinator not available"
 * while a group or transaction coordinator loads, leader moves. Those are debug plus a counter
 * here; the final outcome, if the retries run out, reaches the caller as a rejected promise and
 * is logged there. Errors kafkajs does not retry (SASL, ACLs, ...) stay errors.
 */
export function kafkajsLogLevel(entry: Pick<LogEntry, 'level' | 'log'>): KafkajsLogDecision {
  const level = LEVELS[entry.level] ?? 'info';
  if (level !== 'error') return { level };
  const { message, error } = entry.log as { message?: unknown; error?: unknown };
  // Connection: `Response <Api>(key, version)` with the broker's error message in `error`.
  if (typeof error === 'string' && typeof message === 'string' && message.startsWith('Response ')) {
    const type = RETRIABLE_BY_MESSAGE.get(error);
    if (type) return { level: 'debug', retried: type };
    if (message.startsWith('Response Heartbeat(') && REJOIN_BY_MESSAGE.has(error))
      return { level: 'debug' };
  }
  if (typeof message === 'string') {
    // Producer/broker pool retry loops: the error's message, possibly after a prefix.
    const bare = message.startsWith(SEND_RETRY_PREFIX)
      ? message.slice(SEND_RETRY_PREFIX.length)
      : message;
    const type = RETRIABLE_BY_MESSAGE.get(bare);
    if (type && 'retryCount' in entry.log) return { level: 'debug', retried: type };
    // The group coordinator forgot this member (session expired): kafkajs rejoins on its own.
    if (message.startsWith('The coordinator is not aware of this member')) return { level: 'warn' };
  }
  return { level };
}
