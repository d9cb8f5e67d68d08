import { windowOf } from '../config.js';
import { defineIndicator, stateFields } from '../indicator.js';

// Slab offsets of its state fields (the order of `state`). `CROSS`: last non-zero sign of
// fast − slow; 0 before both are defined.
const SUM_FAST = 0;
const SUM_SLOW = 1;
const CROSS = 2;

/** SMA fast/slow of the closes, GOLDEN_CROSS / DEATH_CROSS where fast − slow changes sign (zeros skipped). */
export const smaCross = defineIndicator({
  name: 'sma',
  params: (c) => ({ fast: windowOf('smaFast', c.smaFast), slow: windowOf('smaSlow', c.smaSlow) }),
  stateParams: { fast: 'SMA_FAST', slow: 'SMA_SLOW' },
  history: (p) => Math.max(p.fast, p.slow),
  state: stateFields({ sumFast: 0, sumSlow: 0, cross: 0 }),
  step(s, at, p, bar, out) {
    const { fast, slow } = p;
    let sumFast = s[at + SUM_FAST]!;
    let sumSlow = s[at + SUM_SLOW]!;
    if (bar.count >= fast) sumFast -= bar.closeAgo(fast);
    if (bar.count >= slow) sumSlow -= bar.closeAgo(slow);
    sumFast += bar.close;
    sumSlow += bar.close;
    if (bar.wrapped) {
      sumFast = bar.sumCloses(fast);
      sumSlow = bar.sumCloses(slow);
    }
    s[at + SUM_FAST] = sumFast;
    s[at + SUM_SLOW] = sumSlow;
    const n = bar.count + 1;
    const smaFast = n >= fast ? sumFast / fast : null;
    const smaSlow = n >= slow ? sumSlow / slow : null;
    if (smaFast !== null && smaSlow !== null) {
      const d = smaFast - smaSlow;
      const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
      const cross = s[at + CROSS];
      if (sign === 1 && cross === -1) bar.signals.push('GOLDEN_CROSS');
      else if (sign === -1 && cross === 1) bar.signals.push('DEATH_CROSS');
      if (sign !== 0) s[at + CROSS] = sign;
    }
    out.smaFast = smaFast;
    out.smaSlow = smaSlow;
  },
  split(s, at, factor) {
    s[at + SUM_FAST] = s[at + SUM_FAST]! / factor;
    s[at + SUM_SLOW] = s[at + SUM_SLOW]! / factor;
  },
  outputs: {
    smaFast: { kind: 'price', description: 'Mean of the last SMA_FAST closes (default 20).' },
    smaSlow: { kind: 'price', description: 'Mean of the last SMA_SLOW closes (default 50).' },
  },
});
