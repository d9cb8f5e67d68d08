import { defineIndicator, stateFields } from '../indicator.js';

// Slab offsets of its state fields (the order of `state`). `N`: macd values seen; `SEED`: their
// sum while the signal warms up; `SIGNAL`: NaN (null in the changelog) until defined.
const N = 0;
const SEED = 1;
const SIGNAL = 2;

/**
 * MACD (12, 26, 9): macd = ema12 − ema26 (the `ema` indicator's outputs, so it follows it in
 * the registry); signal = EMA 9 of macd seeded with the SMA of its first 9 values; histogram =
 * macd − signal.
 */
export const macd = defineIndicator({
  name: 'macd',
  params: () => ({ signal: 9 }),
  stateParams: { signal: 'MACD_SIGNAL' },
  history: () => 0,
  state: stateFields({ n: 0, seed: 0, signal: null }),
  step(s, at, p, _bar, out) {
    const fast = out.ema12;
    const slow = out.ema26;
    if (fast == null || slow == null) {
      out.macd = out.macdSignal = out.macdHistogram = null;
      return;
    }
    const value = fast - slow;
    const n = (s[at + N] = s[at + N]! + 1);
    let signal = s[at + SIGNAL]!;
    if (!Number.isNaN(signal)) signal = (value - signal) * (2 / (p.signal + 1)) + signal;
    else {
      const seed = (s[at + SEED] = s[at + SEED]! + value);
      if (n === p.signal) signal = seed / p.signal;
    }
    s[at + SIGNAL] = signal;
    out.macd = value;
    out.macdSignal = Number.isNaN(signal) ? null : signal;
    out.macdHistogram = Number.isNaN(signal) ? null : value - signal;
  },
  split(s, at, factor) {
    s[at + SEED] = s[at + SEED]! / factor;
    s[at + SIGNAL] = s[at + SIGNAL]! / factor;
  },
  outputs: {
    macd: { kind: 'number', since: '2026-12-01', description: 'MACD line: ema12 − ema26.' },
    macdSignal: {
      kind: 'number',
      since: '2026-12-01',
      description: 'EMA 9 of macd, seeded with the SMA of its first 9 values.',
    },
    macdHistogram: { kind: 'number', since: '2026-12-01', description: 'macd − macdSignal.' },
  },
});
