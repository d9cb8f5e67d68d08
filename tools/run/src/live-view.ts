import type { EnrichedBarV1 } from '@marketfeed/schema';

export interface ServiceRow {
  name: string;
  status: string;
  healthy: boolean;
  inPerSec: number;
  outPerSec: number;
  inTotal: number;
  outTotal: number;
  lag: number | undefined;
  dlq: number;
}

export interface ViewModel {
  elapsedMs: number;
  services: ServiceRow[];
  latest: EnrichedBarV1[];
  customerReceived: number;
  customerInvalid: number;
  latencyP50Ms: number | undefined;
  latencyP99Ms: number | undefined;
  hints: string[];
  color: boolean;
  maxRows: number;
}

const ESC = '\u001b[';
const paint = (on: boolean, code: string, s: string) => (on ? `${ESC}${code}m${s}${ESC}0m` : s);

const pad = (s: string, n: number) =>
  s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
const lpad = (s: string, n: number) =>
  s.length >= n ? s.slice(0, n) : ' '.repeat(n - s.length) + s;
const fmtRate = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0));
const fmtMs = (n: number | undefined) => (n === undefined ? '-' : `${Math.round(n)} ms`);
const fmtNum = (n: number | null, digits: number) => (n === null ? '-' : n.toFixed(digits));

function indicatorCell(color: boolean, bar: EnrichedBarV1): string {
  const text = pad(bar.indicator, 8);
  if (bar.indicator === 'Bullish') return paint(color, '32', text);
  if (bar.indicator === 'Bearish') return paint(color, '31', text);
  return paint(color, '2', text);
}

/** Where the close sits in its Bollinger bands: 0 = lower band, 1 = upper; null without bands. */
function percentB(b: EnrichedBarV1): number | null {
  const { bbUpper, bbLower } = b;
  if (bbUpper == null || bbLower == null || bbUpper === bbLower) return null;
  return (b.close - bbLower) / (bbUpper - bbLower);
}

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Renders the whole screen as text (pure: the caller decides where it goes). */
export function renderView(v: ViewModel): string {
  const c = v.color;
  const lines: string[] = [];
  lines.push(
    paint(c, '1', `marketfeed — local feed`) +
      `   running ${elapsed(v.elapsedMs)}   (Ctrl-C to stop)`,
  );
  lines.push('');
  lines.push(
    paint(
      c,
      '1',
      `${pad('service', 16)}${pad('status', 14)}${lpad('in/s', 9)}${lpad('out/s', 9)}${lpad('in', 11)}${lpad('out', 11)}${lpad('lag', 9)}${lpad('dlq', 7)}`,
    ),
  );
  for (const s of v.services) {
    const status = paint(c, s.healthy ? '32' : '33', pad(s.status, 14));
    lines.push(
      `${pad(s.name, 16)}${status}${lpad(fmtRate(s.inPerSec), 9)}${lpad(fmtRate(s.outPerSec), 9)}${lpad(String(s.inTotal), 11)}${lpad(String(s.outTotal), 11)}${lpad(s.lag === undefined ? '-' : String(s.lag), 9)}${lpad(String(s.dlq), 7)}`,
    );
  }
  lines.push('');
  lines.push(
    `customer-demo received ${v.customerReceived} enriched records` +
      (v.customerInvalid > 0
        ? paint(c, '31', ` (${v.customerInvalid} failed schema validation)`)
        : '') +
      `   latency ingest→customer p50 ${fmtMs(v.latencyP50Ms)} p99 ${fmtMs(v.latencyP99Ms)}`,
  );
  lines.push('');
  lines.push(
    paint(
      c,
      '1',
      `${pad('symbol', 8)}${pad('bar (UTC)', 18)}${pad('sess', 8)}${lpad('close', 11)}${lpad('prevClose', 11)}${lpad('chg%', 8)}${lpad('%B', 7)}${lpad('macdH', 8)}  ${pad('flag', 8)} signals`,
    ),
  );
  const rows = [...v.latest]
    .sort((a, b) => Math.abs(b.changePct ?? 0) - Math.abs(a.changePct ?? 0))
    .slice(0, v.maxRows);
  for (const b of rows) {
    lines.push(
      `${pad(b.symbol, 8)}${pad(b.timestamp.slice(0, 16).replace('T', ' '), 18)}${pad(b.session, 8)}${lpad(fmtNum(b.close, 2), 11)}${lpad(fmtNum(b.prevClose, 2), 11)}${lpad(fmtNum(b.changePct, 2), 8)}${lpad(fmtNum(percentB(b), 2), 7)}${lpad(fmtNum(b.macdHistogram ?? null, 3), 8)}  ${indicatorCell(c, b)} ${b.signals.join(',')}`,
    );
  }
  if (v.latest.length > rows.length)
    lines.push(
      paint(c, '2', `… ${v.latest.length - rows.length} more symbols (largest moves shown)`),
    );
  if (v.hints.length > 0) {
    lines.push('');
    for (const h of v.hints) lines.push(paint(c, '2', h));
  }
  return lines.join('\n');
}
