import { defineIndicator, stateFields } from '../indicator.js';

// Slab offsets of its state fields (the order of `state`). `*Seed`: sums of closes while each
// EMA warms up; an EMA is NaN (null in the changelog) until defined.
const EMA12 = 0;
const EMA26 = 1;
const EMA12_SEED = 2;
const EMA26_SEED = 3;

/** EMA 12 and 26 of the closes, each seeded with the SMA of its first N closes. */
export const ema = defineIndicator({
  name: 'ema',
  params: () => ({ fast: 12, slow: 26 }),
  stateParams: {},
  history: () => 0,
  state: stateFields({ ema12: null, ema26: null, ema12Seed: 0, ema26Seed: 0 }),
  step(s, at, p, bar, out) {
    const close = bar.close;
    const n = bar.count + 1;
    let e12 = s[at + EMA12]!;
    let e26 = s[at + EMA26]!;
    if (!Number.isNaN(e12)) e12 = (close - e12) * (2 / (p.fast + 1)) + e12;
    else {
      const seed = (s[at + EMA12_SEED] = s[at + EMA12_SEED]! + close);
      if (n === p.fast) e12 = seed / p.fast;
    }
    if (!Number.isNaN(e26)) e26 = (close - e26) * (2 / (p.slow + 1)) + e26;
    else {
      const seed = (s[at + EMA26_SEED] = s[at + EMA26_SEED]! + close);
      if (n === p.slow) e26 = seed / p.slow;
    }
    s[at + EMA12] = e12;
    s[at + EMA26] = e26;
    out.ema12 = Number.isNaN(e12) ? null : e12;
    out.ema26 = Number.isNaN(e26) ? null : e26;
  },
  // NaN (not yet defined) stays NaN.
  split(s, at, factor) {
    s[at + EMA12] = s[at + EMA12]! / factor;
    s[at + EMA26] = s[at + EMA26]! / factor;
    s[at + EMA12_SEED] = s[at + EMA12_SEED]! / factor;
    s[at + EMA26_SEED] = s[at + EMA26_SEED]! / factor;
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
