import { describe, expect, it } from 'vitest';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import { continuationStartDate, continuationStartPrices } from './simulator-continuation.js';

const bar = (sessionDate: string) => ({ sessionDate }) as EnrichedBarV1;

describe('continuationStartDate', () => {
  it('is undefined for an empty feed', () => {
    expect(continuationStartDate([])).toBeUndefined();
  });
  it('is the trading day after the latest session seen', () => {
    // 2024-01-05 is a Friday: the next trading day is Monday the 8th.
    expect(continuationStartDate([bar('2024-01-03'), bar('2024-01-05'), bar('2024-01-04')])).toBe(
      '2024-01-08',
    );
  });
  it('skips exchange holidays', () => {
    // 2024-07-03 is followed by Independence Day.
    expect(continuationStartDate([bar('2024-07-03')])).toBe('2024-07-05');
  });
});

describe('continuationStartPrices', () => {
  const at = (symbol: string, timestamp: string, close: number) =>
    ({ symbol, timestamp, close }) as EnrichedBarV1;
  it('is undefined for an empty feed', () => {
    expect(continuationStartPrices([])).toBeUndefined();
  });
  it("is each symbol's latest close, as SYMBOL=price in symbol order", () => {
    expect(
      continuationStartPrices([
        at('ZAAB', '2024-01-05T20:59:00Z', 12.5),
        at('ZAAA', '2024-01-05T21:00:00Z', 243.71),
        at('ZAAB', '2024-01-05T18:00:00Z', 11),
      ]),
    ).toBe('ZAAA=243.71,ZAAB=12.5');
  });
});
