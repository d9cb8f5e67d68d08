import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topicCatalog } from '@marketfeed/kafka';
import { DLQ_HEADERS, type CorporateAction } from '@marketfeed/schema';
import { alpacaCorporateActionsJson } from '../../cli/alpaca-corporate-actions-json.js';
import { buildIngestor, provisionedPrefixes, readTopic } from '../../../test/kafka-test-env.js';
import { generateSimulatedFeed } from '../simulator/generate.js';
import { createReplaySource } from './replay-source.js';

const freshPrefix = provisionedPrefixes();

describe('replay into Kafka', () => {
  it('publishes every valid line in order per symbol, byte for byte, the corporate actions first, and dead-letters the rest', async () => {
    const prefix = await freshPrefix();
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const lines: string[] = [];
    const actions: CorporateAction[] = [];
    for (const item of generateSimulatedFeed(9, {
      symbols: 6,
      days: 2,
      splitProbability: 0.3,
      startDate: '2024-05-01',
    })) {
      if (item.kind === 'corporate-action') actions.push(item.action);
      else lines.push(JSON.stringify(item.event));
      if (lines.length >= 3000) break;
    }
    // Damage a few lines: bad JSON, a bar whose high is below its low, an unknown type.
    const bad = new Map<number, string>([
      [10, '{"T":"b","S":"ZAAA",'],
      [500, JSON.stringify({ ...JSON.parse(lines[500]!), h: 0.0001 })],
      [1500, JSON.stringify({ T: 'x', S: 'ZAAB' })],
    ]);
    for (const [i, text] of bad) lines[i] = text;
    // One line holding an array of two messages, as the stream batches them.
    lines.push(JSON.stringify([JSON.parse(lines[1]!), JSON.parse(lines[2]!)]));
    writeFileSync(join(dir, 'feed.jsonl'), `${lines.join('\n')}\n\n`);
    writeFileSync(join(dir, 'ca.json'), JSON.stringify(alpacaCorporateActionsJson(actions)));
    expect(actions.length).toBeGreaterThan(0);

    const { ingestor } = buildIngestor(prefix, (ctx) =>
      createReplaySource(
        {
          file: join(dir, 'feed.jsonl'),
          pace: { kind: 'max' },
          loop: false,
          corporateActionsFile: join(dir, 'ca.json'),
        },
        ctx,
      ),
    );
    await ingestor.start();
    const outcome = await ingestor.done;
    await ingestor.stop(5_000);
    expect(outcome).toEqual({ kind: 'finished' });
    expect(ingestor.summary).toMatchObject({ lines: 3001, records: 3002 });

    const catalog = topicCatalog(prefix);
    const raw = await readTopic(catalog.raw.name);
    const expected = [
      ...lines.slice(0, 3000).filter((_, i) => !bad.has(i)),
      ...[lines[1]!, lines[2]!],
    ];
    expect(raw).toHaveLength(expected.length);
    const bySymbol = (values: string[]) => {
      const m = new Map<string, string[]>();
      for (const v of values) {
        const s = (JSON.parse(v) as { S: string }).S;
        m.set(s, [...(m.get(s) ?? []), v]);
      }
      return m;
    };
    expect(bySymbol(raw.map((r) => r.value))).toEqual(bySymbol(expected));
    expect(raw.every((r) => r.key === (JSON.parse(r.value) as { S: string }).S)).toBe(true);

    const dlq = await readTopic(catalog.dlq.name);
    expect(dlq.map((r) => r.key).sort()).toEqual([null, 'ZAAB', JSON.parse(lines[500]!).S].sort());
    expect(dlq.every((r) => r.headers[DLQ_HEADERS.stage] === 'ingestor')).toBe(true);
    expect(dlq.map((r) => r.headers['x-marketfeed-origin']).sort()).toEqual(
      [11, 501, 1501].map((n) => `replay:${join(dir, 'feed.jsonl')}:${n}`).sort(),
    );

    const ca = await readTopic(catalog.corporateActions.name);
    expect(ca.map((r) => r.key).sort()).toEqual(
      actions.map((a) => `${a.symbol}:${a.type}:${a.ex_date}`).sort(),
    );
    // Acknowledged before any bar was even sent: stamped no later than the first bar.
    expect(Math.max(...ca.map((r) => r.timestamp))).toBeLessThanOrEqual(
      Math.min(...raw.map((r) => r.timestamp)),
    );
  });
});
