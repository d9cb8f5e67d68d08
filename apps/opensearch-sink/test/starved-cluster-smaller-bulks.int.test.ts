import { describe, expect } from 'vitest';
import { documentId } from '../src/documents.js';
import { barSeries } from './bars.js';
import { startHoldingProxy } from './holding-http-proxy.js';
import { errorLines, itOnStack as it, type LogLine } from './stack-harness.js';

/** More documents than this in one bulk and the "node" does not answer within the timeout. */
const HOLD_OVER = 150;

describe('a cluster too starved for full-size bulks', () => {
  it('gets smaller bulks, and every record is indexed exactly once with no error-level log line', async ({
    world,
  }) => {
    const proxy = await startHoldingProxy(world.osUrl, { holdOver: HOLD_OVER, applyHeld: true });
    try {
      const bars = barSeries(['AMZN', 'NVDA', 'MSFT'], 300);
      // Every tenth bar revised: the newer revision must win whatever order re-sends land in.
      const revised = bars
        .filter((_, i) => i % 10 === 0)
        .map((b) => ({ ...b, revision: 1, close: b.close + 1 }));
      await world.produce([...bars, ...revised]);

      const lines: LogLine[] = [];
      const sut = await world.startSink({
        opensearchUrl: proxy.url,
        requestTimeoutMs: 2_000,
        logLines: lines,
        // A backlog and a long linger: bulks fill to the maximum, over what the node takes.
        bulk: { maxDocs: 400, maxMs: 1_000, retryInitialMs: 100, retryMaxMs: 1_000 },
      });
      await world.waitForDocuments(bars.length, 'every bar searchable', 90_000);
      await world.waitForCommitted(sut.groupId, 'every record committed', 90_000);

      expect(proxy.bulks.filter((b) => b.held).length).toBeGreaterThan(0);
      expect(proxy.bulks.filter((b) => !b.held).length).toBeGreaterThan(0);
      const shrinks = lines.filter((l) => l.level === 'warn' && /bulks limited/.test(l.msg));
      expect(shrinks.length).toBeGreaterThan(0);
      expect(shrinks[0]).toMatchObject({ cause: 'timeout', docs: 200 });
      expect(errorLines(lines)).toEqual([]);
      expect(sut.sink.stats().deadLettered).toBe(0);

      // One document per bar, at its newest revision (external versioning: _version = revision).
      await world.os.indices.refresh({ index: `${world.indexPrefix}-bars-*` });
      const res = await world.os.search({
        index: `${world.indexPrefix}-bars`,
        body: { size: 2_000, version: true, query: { match_all: {} } },
      });
      const hits = res.body.hits.hits as {
        _id: string;
        _version?: number;
        _source: { close: number; revision: number };
      }[];
      const want = new Map(bars.map((b) => [documentId(b), b]));
      for (const r of revised) want.set(documentId(r), r);
      expect(hits).toHaveLength(want.size);
      const wrong = hits.filter((h) => {
        const w = want.get(h._id);
        return (
          !w ||
          h._version !== w.revision ||
          h._source.revision !== w.revision ||
          h._source.close !== w.close
        );
      });
      expect(wrong).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
