// Generated from packages/indicators/src/indicators/registry.ts by
// `npm run fields:export -w @marketfeed/indicators`; do not edit (a test checks it).

/** Every indicator output field of the enriched bar, in publication order. Each is a number or null. */
export const INDICATOR_FIELDS = {
  smaFast: {
    kind: 'price',
    indicator: 'sma',
    optional: false,
    description: 'Mean of the last SMA_FAST closes (default 20).',
  },
  smaSlow: {
    kind: 'price',
    indicator: 'sma',
    optional: false,
    description: 'Mean of the last SMA_SLOW closes (default 50).',
  },
  ema12: {
    kind: 'price',
    indicator: 'ema',
    optional: false,
    description: 'EMA 12 of the closes, seeded with the SMA of the first 12.',
  },
  ema26: {
    kind: 'price',
    indicator: 'ema',
    optional: false,
    description: 'EMA 26 of the closes, seeded with the SMA of the first 26.',
  },
  rsi14: {
    kind: 'percent',
    indicator: 'rsi',
    optional: false,
    description: 'RSI 14 (Wilder) of the closes, 0–100.',
  },
  vwapSession: {
    kind: 'price',
    indicator: 'vwap',
    optional: false,
    description: 'Volume-weighted average price of the session so far (vw × volume over volume).',
  },
  bbMiddle: {
    kind: 'price',
    indicator: 'bollinger',
    optional: true,
    description:
      'Bollinger middle band: SMA of the last 20 closes. Added 2026-12-01; absent in earlier records.',
  },
  bbUpper: {
    kind: 'price',
    indicator: 'bollinger',
    optional: true,
    description:
      'Bollinger upper band: bbMiddle + 2 × population std dev of the last 20 closes. Added 2026-12-01; absent in earlier records.',
  },
  bbLower: {
    kind: 'number',
    indicator: 'bollinger',
    optional: true,
    description:
      'Bollinger lower band: bbMiddle − 2 × population std dev of the last 20 closes (can be negative). Added 2026-12-01; absent in earlier records.',
  },
  macd: {
    kind: 'number',
    indicator: 'macd',
    optional: true,
    description: 'MACD line: ema12 − ema26. Added 2026-12-01; absent in earlier records.',
  },
  macdSignal: {
    kind: 'number',
    indicator: 'macd',
    optional: true,
    description:
      'EMA 9 of macd, seeded with the SMA of its first 9 values. Added 2026-12-01; absent in earlier records.',
  },
  macdHistogram: {
    kind: 'number',
    indicator: 'macd',
    optional: true,
    description: 'macd − macdSignal. Added 2026-12-01; absent in earlier records.',
  },
} as const;
