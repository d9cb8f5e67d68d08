import { defineIndicator } from '../indicator.js';

/** EMA 12 and 26 of the closes, each seeded with the SMA of its first N closes. */
export const ema = defineIndicator({
  name: 'ema',
  params: () => ({ fast: 12, slow: 26 }),
  stateParams: {},
  history: () => 0,
  /** `*Seed`: sums of closes while each EMA warms up. */
  init: () => ({
    ema12: null as number | null,
    ema26: null as number | null,
    ema12Seed: 0,
    ema26Seed: 0,
  }),
  copy(to, from) {
    to.ema12 = from.ema12;
    to.ema26 = from.ema26;
    to.ema12Seed = from.ema12Seed;
    to.ema26Seed = from.ema26Seed;
  },
  step(s, p, bar, out) {
    const close = bar.close;
    const n = bar.count + 1;
    if (s.ema12 !== null) s.ema12 = (close - s.ema12) * (2 / (p.fast + 1)) + s.ema12;
    else {
      s.ema12Seed += close;
      if (n === p.fast) s.ema12 = s.ema12Seed / p.fast;
    }
    if (s.ema26 !== null) s.ema26 = (close - s.ema26) * (2 / (p.slow + 1)) + s.ema26;
    else {
      s.ema26Seed += close;
      if (n === p.slow) s.ema26 = s.ema26Seed / p.slow;
    }
    out.ema12 = s.ema12;
    out.ema26 = s.ema26;
  },
  split(s, factor) {
    if (s.ema12 !== null) s.ema12 /= factor;
    if (s.ema26 !== null) s.ema26 /= factor;
    s.ema12Seed /= factor;
    s.ema26Seed /= factor;
  },
  outputs: {
    ema12: {
      kind: 'price',
      description: 'EMA 12 of the closes, seeded with the SMA of the first 12.',
    },
    ema26: {
      kind: 'price',
      description: 'EMA 26 of the closes, seeded with the SMA of the first 26.',
    },
  },
});
