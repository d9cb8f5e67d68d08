import type { EnrichedBarV1 } from '@marketfeed/schema';
import { exampleEnrichedBar } from '@marketfeed/schema/testing';

/**
 * The shared example bar, its timestamp without milliseconds as Alpaca stamps bars (so the
 * document ids the tests expect read `AMZN:2024-07-11T19:49:00Z`); override what the test is about.
 */
export function enrichedBar(overrides: Partial<EnrichedBarV1> = {}): EnrichedBarV1 {
  return exampleEnrichedBar({ timestamp: '2024-07-11T19:49:00Z', ...overrides });
}

/** `count` consecutive 1-minute bars per symbol from `start`, each a valid enriched bar. */
export function barSeries(
  symbols: readonly string[],
  count: number,
  start = '2024-07-31T23:00:00Z',
): EnrichedBarV1[] {
  const t0 = Date.parse(start);
  const out: EnrichedBarV1[] = [];
  for (let i = 0; i < count; i++) {
    for (const symbol of symbols) {
      const close = 100 + ((i * 7) % 13) + symbol.length;
      out.push(
        enrichedBar({
          symbol,
          timestamp: new Date(t0 + i * 60_000).toISOString().replace('.000Z', 'Z'),
          open: close - 0.5,
          high: close + 1,
          low: close - 1,
          close,
          volume: 1000 + i,
          seq: i + 1,
        }),
      );
    }
  }
  return out;
}
