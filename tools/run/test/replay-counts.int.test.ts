import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefixTopics, provisionPrefix, readStackInfo } from '@marketfeed/stack';
import { FeedRun } from '../src/feed-run.js';
import { renderSummary } from '../src/summary.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const stack = readStackInfo();
const prefix = `t-replay-${randomBytes(4).toString('hex')}`;
let run: FeedRun | undefined;

afterAll(async () => {
  await run?.stop();
  await run?.close();
  await deletePrefixTopics(stack, prefix).catch(() => undefined);
  await fetch(`${stack.opensearch.url}/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
}, 60_000);

const bar = (symbol: string, minute: number) =>
  JSON.stringify({
    T: 'b',
    S: symbol,
    o: 10,
    h: 11,
    l: 9,
    c: 10.5,
    v: 100,
    t: `2024-03-04T15:${String(30 + minute).padStart(2, '0')}:00Z`,
    n: 3,
    vw: 10.2,
  });

describe('the live view on a replay that ends before the first poll', () => {
  it('still counts what the ingestor published and dead-lettered, and names the DLQ', async () => {
    await provisionPrefix(stack, prefix);
    const dir = mkdtempSync(join(tmpdir(), 'replay-counts-'));
    const file = join(dir, 'bars.jsonl');
    writeFileSync(
      file,
      [
        bar('AAA', 0),
        'not json',
        bar('AAA', 1),
        '{"T":"b"}',
        bar('BBB', 0),
        'nope',
        bar('BBB', 1),
        '[',
      ]
        .map((l) => `${l}\n`)
        .join(''),
    );
    run = new FeedRun({
      repoRoot,
      source: 'replay',
      env: { FEED_TOPIC_PREFIX: prefix, OPENSEARCH_INDEX_PREFIX: prefix, REPLAY_FILE: file },
      portBase: 10_000 + Math.floor(Math.random() * 20_000),
      say: () => undefined,
    });
    run.stack = stack;
    await run.start();
    const ingestor = run.supervisor.processes.find((p) => p.spec.name === 'ingestor')!;
    await ingestor.exited;
    // No poll() at all: the ingestor is gone before anything read its metrics.
    await run.stop();
    const totals = await run.finalTotals();
    expect(totals.ingested).toBe(4);
    expect(totals.dlq).toBe(4);
    expect(renderSummary(totals, 1000)).toContain(`${prefix}.dlq`);
    // The lag column comes from the sink's committed offsets in Kafka: drained means 0.
    expect(run.viewModel(false, 5).services.find((r) => r.name === 'opensearch-sink')?.lag).toBe(0);
    expect(ingestor.lastLines.toArray().join('\n')).toContain(
      `4 invalid lines went to ${prefix}.dlq`,
    );
  }, 240_000);
});
