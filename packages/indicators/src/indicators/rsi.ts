import { defineIndicator, stateFields } from '../indicator.js';

// Slab offsets of its state fields (the order of `state`). `PREV_CLOSE`: NaN (null in the
// changelog) before the first bar; `N`: price changes seen; `GAIN`/`LOSS`: sums during warm-up,
// then Wilder averages.
const PREV_CLOSE = 0;
const N = 1;
const GAIN = 2;
const LOSS = 3;

/** RSI 14 with Wilder smoothing (averages seeded with the mean of the first 14 changes). */
export const rsi = defineIndicator({
  name: 'rsi',
  params: () => ({ period: 14 }),
  stateParams: {},
  history: () => 0,
  state: stateFields({ prevClose: null, n: 0, gain: 0, loss: 0 }),
  step(s, at, p, bar, out) {
    const period = p.period;
    const close = bar.close;
    const prevClose = s[at + PREV_CLOSE]!;
    let value: number | null = null;
    if (!Number.isNaN(prevClose)) {
      const change = close - prevClose;
      const up = change > 0 ? change : 0;
      const down = change < 0 ? -change : 0;
      const n = (s[at + N] = s[at + N]! + 1);
      let gain = s[at + GAIN]!;
      let loss = s[at + LOSS]!;
      if (n <= period) {
        gain += up;
        loss += down;
        if (n === period) {
          gain /= period;
          loss /= period;
        }
      } else {
        gain = (gain * (period - 1) + up) / period;
        loss = (loss * (period - 1) + down) / period;
      }
      s[at + GAIN] = gain;
      s[at + LOSS] = loss;
      if (n >= period) value = loss === 0 ? 100 : gain === 0 ? 0 : 100 - 100 / (1 + gain / loss);
    }
    s[at + PREV_CLOSE] = close;
    out.rsi14 = value;
  },
  // NaN (no close yet) stays NaN.
  split(s, at, factor) {
    s[at + PREV_CLOSE] = s[at + PREV_CLOSE]! / factor;
    s[at + GAIN] = s[at + GAIN]! / factor;
    s[at + LOSS] = s[at + LOSS]! / factor;
  },
  outputs: {
    rsi14: { kind: 'percent', description: 'RSI 14 (Wilder) of the closes, 0–100.' },
  },
});
