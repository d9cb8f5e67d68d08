import { seededRandom } from '../test/seeded-random.js';

/** How two builds compare over paired rounds: throughput of `current` over `baseline` (> 1 faster). */
export type PairedRatio = {
  /** Median of the per-round ratios baseline time / current time. */
  median: number;
  /** Percentile-bootstrap 95 % interval of that median. */
  low: number;
  high: number;
  rounds: number;
  /** Rounds in which `current` took less time. */
  won: number;
};

/** The middle value (the mean of the middle two for an even count). */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The ratio of two builds timed in the same rounds (each round timed both, one right after the
 * other). A round's ratio cancels the load both builds of the round shared, which on a shared
 * host swings a single timing by 2x; the median of the rounds' ratios resists the rounds a
 * burst hit one side of; the interval says whether the run can tell a 5 % difference at all
 * (an A/A run, both sides the same build, shows how wide it is when nothing differs).
 */
export function pairedRatio(
  baselineTimes: readonly number[],
  currentTimes: readonly number[],
  resamples = 4000,
  seed = 1,
): PairedRatio {
  const n = baselineTimes.length;
  if (n === 0 || currentTimes.length !== n)
    throw new RangeError(
      `need the same number of rounds on each side, got ${n} and ${currentTimes.length}`,
    );
  const ratios = baselineTimes.map((b, i) => b / currentTimes[i]!);
  const random = seededRandom(seed);
  const medians: number[] = [];
  const sample = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = ratios[Math.floor(random() * n)]!;
    medians.push(median(sample));
  }
  medians.sort((a, b) => a - b);
  return {
    median: median(ratios),
    low: medians[Math.floor(resamples * 0.025)]!,
    high: medians[Math.ceil(resamples * 0.975) - 1]!,
    rounds: n,
    won: ratios.filter((r) => r > 1).length,
  };
}
