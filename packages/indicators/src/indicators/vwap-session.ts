import type { Session } from '@marketfeed/schema';
import { defineIndicator } from '../indicator.js';

/** Σ(vw × v) / Σv over the bars of the same session date and session (pre, regular, post). */
export const vwapSession = defineIndicator({
  name: 'vwap',
  params: () => ({}),
  stateParams: {},
  history: () => 0,
  init: () => ({ date: null as string | null, session: null as Session | null, pv: 0, volume: 0 }),
  copy(to, from) {
    to.date = from.date;
    to.session = from.session;
    to.pv = from.pv;
    to.volume = from.volume;
  },
  step(s, _p, bar, out) {
    if (s.date !== bar.date || s.session !== bar.session) {
      s.date = bar.date;
      s.session = bar.session;
      s.pv = 0;
      s.volume = 0;
    }
    s.pv += bar.vw * bar.volume;
    s.volume += bar.volume;
    out.vwapSession = s.volume > 0 ? s.pv / s.volume : null;
  },
  // A split changes neither notional value nor the ratio; the session sums stay as they are.
  split() {},
  outputs: {
    vwapSession: {
      kind: 'price',
      description: 'Volume-weighted average price of the session so far (vw × volume over volume).',
    },
  },
});
