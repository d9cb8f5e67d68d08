import type { Indicator } from '@marketfeed/schema';

/**
 * The Bullish/Bearish/Neutral flag: Bullish if changePct >= threshold, Bearish if changePct <=
 * −threshold. Decided on the exact decimal values customers see (close, the published
 * prevClose, the threshold), so a close exactly 5 % above prevClose is Bullish even where binary
 * floating point computes 4.999999999999999.
 */
export function direction(close: number, prevClose: number, thresholdPct: number): Indicator {
  const pct = ((close - prevClose) / prevClose) * 100;
  // Far from both boundaries floating point cannot be wrong; near one, compare exactly.
  const near = 1e-7 * Math.max(1, thresholdPct);
  if (pct >= thresholdPct + near) return 'Bullish';
  if (pct <= -thresholdPct - near) return 'Bearish';
  if (pct > -thresholdPct + near && pct < thresholdPct - near) return 'Neutral';
  const [diff, diffScale] = subtract(decimal(close), decimal(prevClose));
  const [p, pScale] = decimal(prevClose);
  const [t, tScale] = decimal(thresholdPct);
  // 100 × diff >= t × p, both sides brought to the scale 10^-(diffScale + pScale + tScale).
  const lhs = 100n * diff * 10n ** BigInt(pScale + tScale);
  const rhs = t * p * 10n ** BigInt(diffScale);
  if (lhs >= rhs) return 'Bullish';
  if (lhs <= -rhs) return 'Bearish';
  return 'Neutral';
}

/** The shortest decimal that reads back as `x` (what JSON shows), as [m, s] meaning m × 10^−s. */
export function decimal(x: number): [bigint, number] {
  const text = String(x);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const scale = (dot < 0 ? 0 : mantissa.length - dot - 1) - exponent;
  return scale < 0 ? [BigInt(digits) * 10n ** BigInt(-scale), 0] : [BigInt(digits), scale];
}

function subtract([a, as]: [bigint, number], [b, bs]: [bigint, number]): [bigint, number] {
  const s = Math.max(as, bs);
  return [a * 10n ** BigInt(s - as) - b * 10n ** BigInt(s - bs), s];
}
