// Can the web server keep up with the demo rate (2000 bars/s) fanned out to 20 browser-like SSE
// clients, and does a stalled client leave server memory bounded? Three phases in one run, each
// with the same publisher: no clients (the baseline), 20 reading clients, and 20 reading clients
// plus stalled ones that never read. Kafka is not in the loop: this measures the server's
// fan-out (the feed's consume rate is measured by the enricher and sink benchmarks).
//
//   npm run bench -w @marketfeed/web            (PHASE_SECONDS=20 RATE=2000 CLIENTS=20 STALLED=5)
import { request } from 'node:http';
import { connect } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger } from '@marketfeed/service';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import { Board } from '../src/board.js';
import { LiveHub } from '../src/live-hub.js';
import { createWebServer } from '../src/web-server.js';
import { barSeries } from '../test/bars.js';

const PHASE_SECONDS = Number(process.env.PHASE_SECONDS ?? 20);
const RATE = Number(process.env.RATE ?? 2000);
const CLIENTS = Number(process.env.CLIENTS ?? 20);
const STALLED = Number(process.env.STALLED ?? 5);
const SYMBOLS = 50;

const symbols = Array.from({ length: SYMBOLS }, (_, i) => `Z${String(i).padStart(3, '0')}`);
const FOCUS = symbols[0]!;
const templates = new Map(
  symbols.map((s, i) => [
    s,
    barSeries({ symbol: s, start: '2026-01-05T14:30:00Z', minutes: 1, open: 100 + i, prevClose: 100, drift: 0, seed: i + 1 })[0]!,
  ]),
);

const board = new Board();
const hub = new LiveHub({ flushIntervalMs: 250, maxClients: 1000, maxFocusBars: 2000, maxSymbols: 20_000 });
const app = createWebServer({
  logger: createLogger({ name: 'web-bench', level: 'silent' }),
  board,
  hub,
  history: { bars: async () => [], close: async () => undefined },
  assets: new Map(),
  snapshotRead: () => true,
});
hub.start();
const url = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));

// ---- publisher: RATE bars/s in 10 ms slices, round-robin over symbols ---------------------
const publishedAt = new Map<number, number>(); // focus seq -> publish time
const seqs = new Map(symbols.map((s) => [s, 0]));
let published = 0;
let minute = 0;
function publishSlice(n: number): void {
  for (let k = 0; k < n; k++) {
    const symbol = symbols[published % SYMBOLS]!;
    const seq = (seqs.get(symbol) ?? 0) + 1;
    seqs.set(symbol, seq);
    if (published % SYMBOLS === 0) minute++;
    const t = templates.get(symbol)!;
    const bar: EnrichedBarV1 = {
      ...t,
      seq,
      timestamp: new Date(Date.parse(t.timestamp) + minute * 60_000).toISOString(),
      close: t.close + (seq % 7) * 0.01,
    };
    if (symbol === FOCUS) publishedAt.set(seq, performance.now());
    if (board.apply(bar)) hub.publish(bar);
    published++;
  }
}

// ---- clients -------------------------------------------------------------------------------
interface ClientStats {
  frames: number;
  boardBars: number;
  focusBars: number;
  latenciesMs: number[];
}
const reading: { stats: ClientStats; stop: () => void }[] = [];

function readingClient(focus: boolean): { stats: ClientStats; stop: () => void } {
  const stats: ClientStats = { frames: 0, boardBars: 0, focusBars: 0, latenciesMs: [] };
  let buf = '';
  const req = request(new URL(focus ? `/api/stream?symbol=${FOCUS}` : '/api/stream', url), (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const line = frame.split('\n').find((l) => l.startsWith('data: '));
        if (!line) continue;
        const batch = JSON.parse(line.slice(6)) as { board: EnrichedBarV1[]; focus: EnrichedBarV1[] };
        const now = performance.now();
        stats.frames++;
        stats.boardBars += batch.board.length;
        stats.focusBars += batch.focus.length;
        for (const b of batch.focus) {
          const t = publishedAt.get(b.seq);
          if (t !== undefined) stats.latenciesMs.push(now - t);
        }
      }
    });
  });
  req.end();
  return { stats, stop: () => req.destroy() };
}

/** Connects, asks for the focus stream, and never reads: its socket fills and stays full. */
function stalledClient(): () => void {
  const socket = connect(Number(url.port), url.hostname, () => {
    socket.write(`GET /api/stream?symbol=${FOCUS} HTTP/1.1\r\nHost: x\r\n\r\n`);
    socket.pause();
  });
  return () => socket.destroy();
}

// ---- phases ------------------------------------------------------------------------------
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

async function phase(name: string, clients: number, stalled: number, seconds = PHASE_SECONDS) {
  const stops: (() => void)[] = [];
  reading.length = 0;
  for (let i = 0; i < clients; i++) {
    const c = readingClient(i % 2 === 0); // half follow a chart (every FOCUS bar), half the board
    reading.push(c);
    stops.push(c.stop);
  }
  for (let i = 0; i < stalled; i++) stops.push(stalledClient());
  await new Promise((r) => setTimeout(r, 500));
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  const heapStart = process.memoryUsage().heapUsed;
  const cpuStart = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const startPublished = published;
  const startFocusSeq = seqs.get(FOCUS) ?? 0;
  const t0 = performance.now();
  const rssSamples: number[] = [];
  let next = t0;
  let lastSample = t0;
  while (performance.now() - t0 < seconds * 1000) {
    next += 10;
    // Catch up if the loop fell behind: the publisher holds the rate, not the timer.
    const due = Math.round(((performance.now() - t0) / 1000) * RATE) - (published - startPublished);
    if (due > 0) publishSlice(due);
    if (performance.now() - lastSample > 1000) {
      rssSamples.push(process.memoryUsage().rss);
      lastSample = performance.now();
    }
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  const elapsed = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 600)); // let the last flush arrive
  loop.disable();
  const cpu = process.cpuUsage(cpuStart);
  const focusPublished = (seqs.get(FOCUS) ?? 0) - startFocusSeq;
  const chart = reading.filter((_, i) => i % 2 === 0).map((c) => c.stats);
  const boardOnly = reading.filter((_, i) => i % 2 === 1).map((c) => c.stats);
  const latencies = chart.flatMap((s) => s.latenciesMs);
  const stats = hub.stats();
  const row = {
    phase: name,
    'bars/s in': Math.round((published - startPublished) / elapsed),
    'chart clients: focus bars delivered': chart.length
      ? `${(Math.min(...chart.map((s) => s.focusBars)) / focusPublished * 100).toFixed(1)}%`
      : '-',
    'frames/s per client': reading.length ? (reading[0]!.stats.frames / elapsed).toFixed(1) : '-',
    'board bars/s per client': boardOnly.length ? Math.round(boardOnly[0]!.boardBars / elapsed) : '-',
    'latency p50/p99 ms': latencies.length ? `${pct(latencies, 0.5).toFixed(0)}/${pct(latencies, 0.99).toFixed(0)}` : '-',
    'cpu %': (((cpu.user + cpu.system) / 1e6 / elapsed) * 100).toFixed(0),
    'loop delay p99 ms': (loop.percentile(99) / 1e6).toFixed(1),
    'rss MB start/max/end': `${mb(rssStart)}/${mb(Math.max(...rssSamples))}/${mb(process.memoryUsage().rss)}`,
    'heap MB start/end': `${mb(heapStart)}/${mb(process.memoryUsage().heapUsed)}`,
    'stalled clients': stats.stalled,
    'pending bars held': hub.pendingBars(),
  };
  for (const stop of stops) stop();
  await new Promise((r) => setTimeout(r, 500));
  return row;
}

const rows = [];
rows.push(await phase('baseline: no clients', 0, 0));
rows.push(await phase(`${CLIENTS} clients`, CLIENTS, 0));
// Longer, so the stalled sockets fill and stay full: memory must stay flat all the same.
rows.push(await phase(`${CLIENTS} clients + ${STALLED} stalled`, CLIENTS, STALLED, PHASE_SECONDS * 3));
console.log(`rate ${RATE} bars/s over ${SYMBOLS} symbols, ${PHASE_SECONDS} s per phase (stalled phase ${PHASE_SECONDS * 3} s), flush every 250 ms`);
for (const row of rows) console.log(JSON.stringify(row));
hub.stop();
await app.close();
