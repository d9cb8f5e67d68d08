import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { useStackHarness } from './stack-suite.js';
import { generateRawFeed } from './raw-feed-generator.js';

const feed = generateRawFeed({
  seed: 15,
  symbols: 60,
  days: 2,
  minutesPerDay: 120,
  splitSymbols: [3],
});

/** The service logger writes pino's level labels; error and fatal are what must not appear. */
const ERROR_LEVELS = new Set(['error', 'fatal']);
type LogLine = { level: string; msg?: string };

describe('quiet logs', () => {
  const h = useStackHarness(6, feed.actions);

  it('a normal run (start, enrich a generated raw feed in many transactions, SIGTERM) logs no error-level line (pino level >= 50)', async () => {
    // A backlog: each partition commits transaction after transaction, back to back, which is
    // where the broker answers CONCURRENT_TRANSACTIONS and kafkajs retries.
    await h.produceRaw(feed.records, 2000);
    const child = h.spawnEnricher(
      // Small transactions: many back-to-back commits, where kafkajs meets CONCURRENT_TRANSACTIONS.
      { LOG_LEVEL: 'info', TRANSACTION_MAX_RECORDS: '50' },
      undefined,
      'pipe',
    );
    const lines: LogLine[] = [];
    const reading = (async () => {
      for await (const line of createInterface({ input: child.stdout! })) {
        try {
          lines.push(JSON.parse(line) as LogLine);
        } catch {
          lines.push({ level: 'error', msg: `not a JSON log line: ${line}` });
        }
      }
    })();
    const exited = h.exitOf(child);

    await h.waitForCaughtUp(120_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await reading;

    // The run did what it is for and said so at info level, so the filter below saw real logs.
    expect(lines.some((l) => l.msg === 'partitions restored from changelog')).toBe(true);
    expect(lines.some((l) => l.msg === 'stopped')).toBe(true);
    expect(lines.filter((l) => ERROR_LEVELS.has(l.level))).toEqual([]);
    // Resolved at its cause (unbounded producer retries), not filtered: kafkajs never says it.
    expect(lines.filter((l) => l.msg?.includes('Limiting retries'))).toEqual([]);
  }, 180_000);
});
