import { defineIndicator } from '../indicator.js';

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
  /** `n`: macd values seen; `seed`: their sum while the signal warms up. */
  init: () => ({ n: 0, seed: 0, signal: null as number | null }),
  copy(to, from) {
    to.n = from.n;
    to.seed = from.seed;
    to.signal = from.signal;
  },
  step(s, p, _bar, out) {
    const fast = out.ema12;
    const slow = out.ema26;
    if (fast == null || slow == null) {
      out.macd = out.macdSignal = out.macdHistogram = null;
      return;
    }
    const value = fast - slow;
    s.n++;
    if (s.signal !== null) s.signal = (value - s.signal) * (2 / (p.signal + 1)) + s.signal;
    else {
      s.seed += value;
      if (s.n === p.signal) s.signal = s.seed / p.signal;
    }
    out.macd = value;
    out.macdSignal = s.signal;
    out.macdHistogram = s.signal === null ? null : value - s.signal;
  },
  split(s, factor) {
    s.seed /= factor;
    if (s.signal !== null) s.signal /= factor;
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
