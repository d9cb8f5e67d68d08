import { windowOf } from '../config.js';
import { defineIndicator } from '../indicator.js';

/** SMA fast/slow of the closes, GOLDEN_CROSS / DEATH_CROSS where fast − slow changes sign (zeros skipped). */
export const smaCross = defineIndicator({
  name: 'sma',
  params: (c) => ({ fast: windowOf('smaFast', c.smaFast), slow: windowOf('smaSlow', c.smaSlow) }),
  stateParams: { fast: 'SMA_FAST', slow: 'SMA_SLOW' },
  history: (p) => Math.max(p.fast, p.slow),
  /** `cross`: last non-zero sign of fast − slow; 0 before both are defined. */
  init: () => ({ sumFast: 0, sumSlow: 0, cross: 0 }),
  copy(to, from) {
    to.sumFast = from.sumFast;
    to.sumSlow = from.sumSlow;
    to.cross = from.cross;
  },
  step(s, p, bar, out) {
    const { fast, slow } = p;
    if (bar.count >= fast) s.sumFast -= bar.closeAgo(fast);
    if (bar.count >= slow) s.sumSlow -= bar.closeAgo(slow);
    s.sumFast += bar.close;
    s.sumSlow += bar.close;
    if (bar.wrapped) {
      s.sumFast = bar.sumCloses(fast);
      s.sumSlow = bar.sumCloses(slow);
    }
    const n = bar.count + 1;
    const smaFast = n >= fast ? s.sumFast / fast : null;
    const smaSlow = n >= slow ? s.sumSlow / slow : null;
    if (smaFast !== null && smaSlow !== null) {
      const d = smaFast - smaSlow;
      const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
      if (sign === 1 && s.cross === -1) bar.signals.push('GOLDEN_CROSS');
      else if (sign === -1 && s.cross === 1) bar.signals.push('DEATH_CROSS');
      if (sign !== 0) s.cross = sign;
    }
    out.smaFast = smaFast;
    out.smaSlow = smaSlow;
  },
  split(s, factor) {
    s.sumFast /= factor;
    s.sumSlow /= factor;
  },
  outputs: {
    smaFast: { kind: 'price', description: 'Mean of the last SMA_FAST closes (default 20).' },
    smaSlow: { kind: 'price', description: 'Mean of the last SMA_SLOW closes (default 50).' },
  },
});
