/**
 * SIMULATOR_START_PRICES: where a continued simulation picks up each symbol's price, as
 * `SYMBOL=price,SYMBOL=price` (npm start passes the last published close per symbol), so the
 * first bar of a continued session is not a jump back to the seeded starting prices.
 * Returns null when the text is malformed.
 */
export function parseStartPrices(text: string): Record<string, number> | null {
  const prices: Record<string, number> = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const m = /^([^=\s]+)=([0-9]+(?:\.[0-9]+)?)$/.exec(item);
    const price = Number(m?.[2]);
    if (!m?.[1] || !(price > 0)) return null;
    prices[m[1]] = price;
  }
  return prices;
}

/** The inverse of parseStartPrices, in symbol order so the variable is stable. */
export function formatStartPrices(prices: Readonly<Record<string, number>>): string {
  return Object.keys(prices)
    .sort()
    .map((s) => `${s}=${prices[s]}`)
    .join(',');
}
