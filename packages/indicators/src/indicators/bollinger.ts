import { defineIndicator, stateFields } from '../indicator.js';

// Slab offset of its one state field: bars seen by this indicator (a state migrated from before
// it starts at 0).
const N = 0;

/**
 * Bollinger bands (20, 2): middle = SMA of the last 20 closes, upper/lower = middle ± 2 ×
 * their population standard deviation. Re-summed over the window each bar (20 adds) rather than
 * from running sums of squares, which lose digits on prices far from zero.
 */
export const bollinger = defineIndicator({
  name: 'bollinger',
  params: () => ({ period: 20, width: 2 }),
  stateParams: { period: 'BOLLINGER_PERIOD' },
  history: (p) => p.period,
  state: stateFields({ n: 0 }),
  step(s, at, p, bar, out) {
    const n = (s[at + N] = s[at + N]! + 1);
    const period = p.period;
    if (n < period) {
      out.bbMiddle = out.bbUpper = out.bbLower = null;
      return;
    }
    const mean = bar.sumCloses(period) / period;
    let squares = 0;
    for (let k = 0; k < period; k++) {
      const d = bar.closeAgo(k) - mean;
      squares += d * d;
    }
    const band = p.width * Math.sqrt(squares / period);
    out.bbMiddle = mean;
    out.bbUpper = mean + band;
    out.bbLower = mean - band;
  },
  // Its history is the shared ring, which the split already rescaled.
  split() {},
  outputs: {
    bbMiddle: {
      kind: 'price',
      since: '2026-12-01',
      description: 'Bollinger middle band: SMA of the last 20 closes.',
    },
    bbUpper: {
      kind: 'price',
      since: '2026-12-01',
      description: 'Bollinger upper band: bbMiddle + 2 × population std dev of the last 20 closes.',
    },
    bbLower: {
      kind: 'number',
      since: '2026-12-01',
      description:
        'Bollinger lower band: bbMiddle − 2 × population std dev of the last 20 closes (can be negative).',
    },
  },
});
