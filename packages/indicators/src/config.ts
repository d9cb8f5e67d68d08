export type EnrichConfig = {
  /** |changePct| at or above this (inclusive) flags Bullish / Bearish. */
  thresholdPct: number;
  smaFast: number;
  smaSlow: number;
  volumeSpikeFactor: number;
  volumeSpikeLookback: number;
};

export const DEFAULT_ENRICH_CONFIG: Readonly<EnrichConfig> = Object.freeze({
  thresholdPct: 5,
  smaFast: 20,
  smaSlow: 50,
  volumeSpikeFactor: 3,
  volumeSpikeLookback: 20,
});

/** A positive whole number of bars, or a RangeError naming the config field. */
export function windowOf(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`invalid EnrichConfig: ${name} must be a whole number >= 1, got ${n}`);
  return n;
}
