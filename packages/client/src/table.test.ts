import { describe, expect, it } from 'vitest';
import { validateEnrichedBar, type EnrichedBarV1 } from '@marketfeed/schema';
import { applyEvent, newTableState, renderTable } from './table.js';

const bar = (symbol: string, seq: number, changePct: number): EnrichedBarV1 => {
  const value = {
    schema: 'marketfeed.enriched-bar.v1',
    symbol,
    timestamp: '2026-11-25T14:31:00Z',
    open: 10,
    high: 11,
    low: 9,
    close: 10.5,
    volume: 100,
    vwap: 10,
    tradeCount: 3,
    revision: 0,
    seq,
    sessionDate: '2026-11-25',
    session: 'regular',
    prevClose: 10,
    prevCloseDate: '2026-11-24',
    change: 0.5,
    changePct,
    indicator: changePct >= 5 ? 'Bullish' : 'Neutral',
    smaFast: null,
    smaSlow: null,
    ema12: null,
    ema26: null,
    rsi14: 55.55,
    vwapSession: 10,
    signals: ['VOLUME_SPIKE'],
    splitAdjusted: false,
  };
  const r = validateEnrichedBar(value);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const pos = { topic: 't', partition: 0, offset: '1' };

describe('live table', () => {
  it('shows the newest bar per symbol, its gaps and the counters', () => {
    const s = newTableState();
    applyEvent(s, { type: 'bar', phase: 'snapshot', bar: bar('MSFT', 1, 5.2), ...pos });
    applyEvent(s, { type: 'bar', phase: 'stream', bar: bar('AAPL', 3, -0.4), ...pos });
    applyEvent(s, { type: 'gap', symbol: 'AAPL', expected: 2, got: 3, missing: 1, ...pos });
    applyEvent(s, { type: 'following', topic: 't.enriched', start: 'snapshot' });
    const lines = renderTable(s).split('\n');
    expect(lines[0]).toMatch(/^SYMBOL\s+TIME \(UTC\)\s+CLOSE/);
    expect(lines[1]).toMatch(
      /^AAPL\s+2026-11-25 14:31\s+10\.50\s+10\.00\s+-0\.40\s+Neutral\s+55\.5\s+100\s+3\s+1\s+VOLUME_SPIKE$/,
    );
    expect(lines[2]).toMatch(/^MSFT .*\+5\.20\s+Bullish/);
    expect(lines.at(-1)).toBe(
      'following t.enriched | bars 2 | gaps 1 (1 missing) | invalid 0 | duplicates skipped 0',
    );
  });
});
