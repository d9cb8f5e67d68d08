import { createHash } from 'node:crypto';
import type { CorporateAction, RawBar } from '@marketfeed/schema';
import { describe, expect, it } from 'vitest';
import {
  applyBar,
  createSymbolState,
  DEFAULT_ENRICH_CONFIG,
  restoreState,
  serializeState,
  type SymbolState,
} from '../src/index.js';
import { tradingMinutes } from './helpers.js';
import { seededRandom } from './seeded-random.js';

// Every output and every serialised state of a long mixed series, hashed. The digest was taken
// from the implementation before the per-bar cost work (session 4): a refactor of the step
// must leave every byte the enricher publishes or writes to its changelog unchanged.
const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
const MINUTES = 11_000; // per symbol, ~11 trading days: 44k minute bars plus revisions and duplicates
const EXPECTED = '1b9f87b9dc64b2809976e47c7c7c2a146f9e914415c1dad20d46550efaf2376b';

const splits: Record<string, CorporateAction[]> = {
  BBB: [{ type: 'forward_split', symbol: 'BBB', new_rate: 4, old_rate: 1, ex_date: '2024-07-15' }],
  CCC: [{ type: 'reverse_split', symbol: 'CCC', new_rate: 1, old_rate: 10, ex_date: '2024-07-17' }],
};

function stream(): RawBar[] {
  const r = seededRandom(4242);
  const times = tradingMinutes('2024-07-08T08:00:00Z', MINUTES);
  const price = SYMBOLS.map(() => 20 + r() * 300);
  const out: RawBar[] = [];
  const past: RawBar[] = [];
  for (const t of times) {
    for (let s = 0; s < SYMBOLS.length; s++) {
      const S = SYMBOLS[s]!;
      const split = splits[S]?.[0];
      if (
        split &&
        split.type !== 'cash_dividend' &&
        t.slice(0, 10) === split.ex_date &&
        t.slice(11) === '08:00:00Z'
      )
        price[s] = (price[s]! * split.old_rate) / split.new_rate;
      const p = (price[s] = price[s]! * (1 + (r() - 0.5) * 0.004));
      const c = +p.toFixed(4);
      const b: RawBar = {
        T: 'b',
        S,
        o: c,
        h: +(c * 1.001).toFixed(4),
        l: +(c * 0.999).toFixed(4),
        c,
        v: Math.floor(r() * 50_000),
        t,
        n: Math.floor(r() * 400),
        vw: c,
      };
      out.push(b);
      past.push(b);
      const x = r();
      // Revisions of the latest bar (recomputed), of an older bar (not recomputed), duplicates.
      if (x < 0.04) out.push({ ...b, T: 'u', c: +(c * 1.0002).toFixed(4), v: b.v + 7 });
      else if (x < 0.05) out.push({ ...past[Math.floor(r() * past.length)]!, T: 'u', v: 1 });
      else if (x < 0.06) out.push({ ...b });
      if (t.slice(11) === '20:00:00Z' && r() < 0.8)
        out.push({ ...b, T: 'd', c: +(c * 0.999).toFixed(4) });
    }
  }
  return out;
}

describe('a long mixed series (4 symbols, ~46k messages, revisions, duplicates, daily bars, two splits)', () => {
  it('produces byte for byte the outputs and serialised states it produced before the per-bar cost work', () => {
    const bars = stream();
    expect(bars.length).toBeGreaterThan(46_000);
    const states = new Map<string, SymbolState>();
    const hash = createHash('sha256');
    const kinds: Record<string, number> = {};
    bars.forEach((b, i) => {
      let s = states.get(b.S);
      if (!s) states.set(b.S, (s = createSymbolState(b.S)));
      const out = applyBar(s, b, splits[b.S] ?? [], DEFAULT_ENRICH_CONFIG);
      kinds[out.kind] = (kinds[out.kind] ?? 0) + 1;
      if (out.kind === 'enriched' && out.bar.signals.includes('SPLIT'))
        kinds.split = (kinds.split ?? 0) + 1;
      if (out.kind === 'enriched' && out.bar.revision > 0) kinds.revised = (kinds.revised ?? 0) + 1;
      hash.update(out.kind === 'enriched' ? JSON.stringify(out.bar) : out.kind);
      hash.update(serializeState(s));
      // A restored state continues exactly like the live one.
      if (i % 9973 === 0) states.set(b.S, restoreState(serializeState(s), DEFAULT_ENRICH_CONFIG));
    });
    expect(kinds.duplicate).toBeGreaterThan(0);
    expect(kinds.split).toBe(2);
    expect(kinds.revised).toBeGreaterThan(0);
    expect(kinds['state-only']).toBeGreaterThan(0);
    expect(hash.digest('hex')).toBe(EXPECTED);
  });
});
