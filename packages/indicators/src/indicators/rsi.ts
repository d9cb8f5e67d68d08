import { defineIndicator } from '../indicator.js';

/** RSI 14 with Wilder smoothing (averages seeded with the mean of the first 14 changes). */
export const rsi = defineIndicator({
  name: 'rsi',
  params: () => ({ period: 14 }),
  stateParams: {},
  history: () => 0,
  /** `n`: price changes seen; `gain`/`loss`: sums during warm-up, then Wilder averages. */
  init: () => ({ prevClose: null as number | null, n: 0, gain: 0, loss: 0 }),
  copy(to, from) {
    to.prevClose = from.prevClose;
    to.n = from.n;
    to.gain = from.gain;
    to.loss = from.loss;
  },
  step(s, p, bar, out) {
    const period = p.period;
    const close = bar.close;
    let value: number | null = null;
    if (s.prevClose !== null) {
      const change = close - s.prevClose;
      const gain = change > 0 ? change : 0;
      const loss = change < 0 ? -change : 0;
      s.n++;
      if (s.n <= period) {
        s.gain += gain;
        s.loss += loss;
        if (s.n === period) {
          s.gain /= period;
          s.loss /= period;
        }
      } else {
        s.gain = (s.gain * (period - 1) + gain) / period;
        s.loss = (s.loss * (period - 1) + loss) / period;
      }
      if (s.n >= period)
        value = s.loss === 0 ? 100 : s.gain === 0 ? 0 : 100 - 100 / (1 + s.gain / s.loss);
    }
    s.prevClose = close;
    out.rsi14 = value;
  },
  split(s, factor) {
    if (s.prevClose !== null) s.prevClose /= factor;
    s.gain /= factor;
    s.loss /= factor;
  },
  outputs: {
    rsi14: { kind: 'percent', description: 'RSI 14 (Wilder) of the closes, 0–100.' },
  },
});
