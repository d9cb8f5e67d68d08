import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import { barSeries, nextBar } from './bars.js';
import { createWebStack, eventually, type WebStack } from './stack-web.js';

// The web app on the real local stack: reads `latest` and `enriched` as the `web` user with
// its ACLs on a fresh prefix, and history from OpenSearch through the per-symbol alias.
const start = '2026-01-05T14:30:00Z';
const zaaa = barSeries({ symbol: 'ZAAA', start, minutes: 30, open: 110, prevClose: 100, drift: 0.0005, seed: 11 });
const zbbb = barSeries({ symbol: 'ZBBB', start, minutes: 5, open: 80, prevClose: 100, drift: 0, seed: 12 });

let stack: WebStack;
beforeAll(async () => {
  stack = await createWebStack();
  await stack.index(zaaa);
  await stack.publish('latest', [zaaa.at(-1)!, zbbb.at(-1)!]);
  await stack.startWeb();
});
afterAll(async () => stack?.cleanup());

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${stack.web.url}${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Reads SSE frames from the live stream until `match` finds what it wants in one. */
async function awaitFrame(
  symbol: string,
  publish: () => Promise<void>,
  match: (batch: { board: EnrichedBarV1[]; focus: EnrichedBarV1[] }) => boolean,
): Promise<void> {
  const controller = new AbortController();
  const res = await fetch(`${stack.web.url}/api/stream?symbol=${symbol}`, { signal: controller.signal });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  await publish();
  let text = '';
  const timer = setTimeout(() => controller.abort(), 15_000);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      text += value;
      const frames = text.split('\n\n');
      text = frames.pop() ?? '';
      for (const frame of frames) {
        const data = frame.split('\n').find((l) => l.startsWith('data: '));
        if (data && match(JSON.parse(data.slice(6)))) return;
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

describe('the web app on the real stack', () => {
  it('bootstraps the board from the latest snapshot', async () => {
    const board = await eventually('the snapshot on the board', async () => {
      const b = await getJson<{ snapshotRead: boolean; bars: EnrichedBarV1[] }>('/api/board');
      return b.snapshotRead && b.bars.length === 2 ? b : undefined;
    });
    expect(board.bars.map((b) => [b.symbol, b.seq, b.indicator])).toEqual([
      ['ZAAA', 30, zaaa.at(-1)!.indicator],
      ['ZBBB', 5, 'Bearish'],
    ]);
    expect(await getJson('/api/symbols')).toEqual({ symbols: ['ZAAA', 'ZBBB'] });
  });

  it("reads a symbol's bars for a time range from OpenSearch", async () => {
    const body = await getJson<{ bars: EnrichedBarV1[] }>(
      `/api/bars/ZAAA?from=2026-01-05T14:40:00Z&to=2026-01-05T14:49:59Z`,
    );
    expect(body.bars.map((b) => b.seq)).toEqual(zaaa.slice(10, 20).map((b) => b.seq));
    expect((await getJson<{ bars: unknown[] }>('/api/bars/ZZZZ')).bars).toEqual([]);
  });

  it('streams a bar published to enriched to a connected browser', async () => {
    const live = nextBar(zaaa.at(-1)!, 130);
    await awaitFrame(
      'ZAAA',
      () => stack.publish('enriched', [live]),
      (batch) => batch.focus.some((b) => b.seq === live.seq && b.timestamp === live.timestamp),
    );
    const board = await getJson<{ bars: EnrichedBarV1[] }>('/api/board');
    expect(board.bars.find((b) => b.symbol === 'ZAAA')?.close).toBe(130);
  });
});
