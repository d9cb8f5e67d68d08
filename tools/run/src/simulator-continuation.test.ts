import { describe, expect, it } from 'vitest';
import type { EnrichedBarV1 } from '@marketfeed/schema';
import { continuationStartDate } from './simulator-continuation.js';

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
