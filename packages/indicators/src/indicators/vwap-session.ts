import type { Session } from '@marketfeed/schema';
import { formatDay, parseDay } from '../calendar.js';
import { defineIndicator, type FieldCodec } from '../indicator.js';

// Slab offsets of its state fields (the order of `state`): the session date (epoch day) and
// session (SESSIONS index) the sums are of, NaN before the first bar.
const DAY = 0;
const SESSION = 1;
const PV = 2;
const VOLUME = 3;

const SESSIONS: readonly Session[] = ['pre', 'regular', 'post'];

function sessionCode(s: Session): number {
  return s === 'regular' ? 1 : s === 'pre' ? 0 : 2;
}

/** The changelog holds the date as `YYYY-MM-DD` and the session by name (state v2). */
const dateCodec: FieldCodec = {
  write: (v) => (Number.isNaN(v) ? null : formatDay(v)),
  read: (j) => (j === null ? NaN : parseDay(j as string)),
};
const sessionCodec: FieldCodec = {
  write: (v) => (Number.isNaN(v) ? null : SESSIONS[v]!),
  read: (j) => {
    if (j === null) return NaN;
    const code = SESSIONS.indexOf(j as Session);
    if (code < 0) throw new TypeError(`not a serialised SymbolState (vwap session ${String(j)})`);
    return code;
  },
};

/** Σ(vw × v) / Σv over the bars of the same session date and session (pre, regular, post). */
export const vwapSession = defineIndicator({
  name: 'vwap',
  params: () => ({}),
  stateParams: {},
  history: () => 0,
  state: [
    { name: 'date', init: null, codec: dateCodec },
    { name: 'session', init: null, codec: sessionCodec },
    { name: 'pv', init: 0 },
    { name: 'volume', init: 0 },
  ],
  step(s, at, _p, bar, out) {
    const session = sessionCode(bar.session);
    let pv = s[at + PV]!;
    let volume = s[at + VOLUME]!;
    if (s[at + DAY] !== bar.day || s[at + SESSION] !== session) {
      s[at + DAY] = bar.day;
      s[at + SESSION] = session;
      pv = 0;
      volume = 0;
    }
    pv += bar.vw * bar.volume;
    volume += bar.volume;
    s[at + PV] = pv;
    s[at + VOLUME] = volume;
    out.vwapSession = volume > 0 ? pv / volume : null;
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
