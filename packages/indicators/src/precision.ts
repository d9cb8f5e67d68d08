/** Decimal places of published prevClose, change and changePct (docs/schema/README.md). */
export const PUBLISHED_DECIMALS = 6;
const SCALE = 10 ** PUBLISHED_DECIMALS;

/**
 * Rounds half away from zero to PUBLISHED_DECIMALS places. Dividing the rounded integer by the
 * scale yields the double nearest that decimal, which JSON prints in its short form
 * (-3.69, not -3.6899999999999977).
 */
export function published(x: number): number {
  return x < 0 ? -Math.round(-x * SCALE) / SCALE : Math.round(x * SCALE) / SCALE;
}
