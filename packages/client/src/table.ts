import type { EnrichedBarV1 } from '@marketfeed/schema';
import type { FeedEvent } from './feed-client.js';

/** What the live table shows; updated from events, rendered as a whole on each repaint. */
export interface TableState {
  bars: Map<string, EnrichedBarV1>;
  gaps: Map<string, number>;
  counts: { bars: number; gaps: number; missing: number; invalid: number; duplicates: number };
  status: string;
}

export function newTableState(): TableState {
  return {
    bars: new Map(),
    gaps: new Map(),
    counts: { bars: 0, gaps: 0, missing: 0, invalid: 0, duplicates: 0 },
    status: 'connecting',
  };
}

export function applyEvent(state: TableState, event: FeedEvent): void {
  switch (event.type) {
    case 'bar':
      if (event.phase === 'snapshot') state.status = 'snapshot';
      state.bars.set(event.bar.symbol, event.bar);
      state.counts.bars++;
      return;
    case 'gap':
      state.gaps.set(event.symbol, (state.gaps.get(event.symbol) ?? 0) + event.missing);
      state.counts.gaps++;
      state.counts.missing += event.missing;
      return;
    case 'invalid':
      state.counts.invalid++;
      return;
    case 'duplicate':
      state.counts.duplicates++;
      return;
    case 'snapshot-complete':
      state.status = `snapshot: ${event.records} bars, ${event.symbols} symbols`;
      return;
    case 'following':
      state.status = `following ${event.topic}`;
      return;
  }
}

const num = (v: number | null, digits = 2): string => (v === null ? '-' : v.toFixed(digits));

export function renderTable(state: TableState): string {
  const header = [
    'SYMBOL',
    'TIME (UTC)',
    'CLOSE',
    'PREV',
    'CHG%',
    'SIGNAL',
    'RSI14',
    'VOLUME',
    'SEQ',
    'GAPS',
    'EVENTS',
  ];
  const rows = [...state.bars.values()]
    .sort((a, b) => a.symbol.localeCompare(b.symbol))
    .map((b) => [
      b.symbol,
      b.timestamp.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ''),
      num(b.close),
      num(b.prevClose),
      b.changePct === null ? '-' : `${b.changePct >= 0 ? '+' : ''}${b.changePct.toFixed(2)}`,
      b.indicator,
      num(b.rsi14, 1),
      String(b.volume),
      String(b.seq),
      String(state.gaps.get(b.symbol) ?? 0),
      b.signals.join(' '),
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const c = state.counts;
  return [
    line(header),
    ...rows.map(line),
    '',
    `${state.status} | bars ${c.bars} | gaps ${c.gaps} (${c.missing} missing) | invalid ${c.invalid} | duplicates skipped ${c.duplicates}`,
  ].join('\n');
}
