import { describe, expect, it } from 'vitest';
import { AdaptiveBulkLimit, chunkWithin, pressureOf, type BulkLimits } from '../src/bulk-limit.js';

const max: BulkLimits = { docs: 2000, bytes: 5 * 1024 * 1024 };
const floor: BulkLimits = { docs: 50, bytes: 64 * 1024 };

function limit(growAfter = 3) {
  return new AdaptiveBulkLimit({ max, floor, growAfter, growthFactor: 1.5 });
}

describe('the adaptive bulk limit', () => {
  it('starts at the configured maximum', () => {
    const l = limit();
    expect(l.limits).toEqual({ ...max, scale: 1 });
    expect(l.atMax).toBe(true);
  });

  it('halves the documents and bytes of the bulk that met pressure', () => {
    const l = limit();
    const first = l.limits;
    expect(l.starved(first)).toEqual({
      kind: 'shrunk',
      limits: { docs: 1000, bytes: 2.5 * 1024 * 1024, scale: 0.5 },
    });
    expect(l.starved(l.limits)?.limits).toEqual({
      docs: 500,
      bytes: 1.25 * 1024 * 1024,
      scale: 0.25,
    });
  });

  it('shrinks once when bulks cut under the same limit fail together', () => {
    const l = limit();
    const cut = l.limits;
    expect(l.starved(cut)?.limits.docs).toBe(1000);
    // The second of two concurrent 2000-document bulks times out a moment later.
    expect(l.starved(cut)).toBeUndefined();
    expect(l.limits.docs).toBe(1000);
  });

  it('stops at the floor of the documents, the bytes staying proportional above theirs', () => {
    const l = limit();
    const changes = [];
    for (let i = 0; i < 20; i++) changes.push(l.starved(l.limits)?.limits.docs);
    expect(changes.filter((c) => c !== undefined)).toEqual([1000, 500, 250, 125, 63, 50]);
    expect(l.atFloor).toBe(true);
    expect(l.limits.docs).toBe(floor.docs);
    // 64 KB is reached only at 1/80 of 5 MB; the documents' floor (1/40 of 2000) comes first.
    expect(l.limits.bytes).toBe(128 * 1024);
    expect(l.starved(l.limits)).toBeUndefined();
  });

  it('stops at the floor of the bytes when that comes first', () => {
    const l = new AdaptiveBulkLimit({
      max: { docs: 2000, bytes: 256 * 1024 },
      floor,
      growAfter: 1,
      growthFactor: 1.5,
    });
    for (let i = 0; i < 20; i++) l.starved(l.limits);
    expect(l.limits).toMatchObject({ docs: 500, bytes: floor.bytes });
  });

  it('never goes below a configured maximum smaller than the floor', () => {
    const l = new AdaptiveBulkLimit({
      max: { docs: 10, bytes: 1_000 },
      floor,
      growAfter: 1,
      growthFactor: 1.5,
    });
    expect(l.starved(l.limits)).toBeUndefined();
    expect(l.limits).toMatchObject({ docs: 10, bytes: 1_000 });
  });

  it('grows back by half after a run of clean bulks, up to the maximum', () => {
    const l = limit(3);
    for (let i = 0; i < 4; i++) l.starved(l.limits);
    expect(l.limits.docs).toBe(125);
    const changes = [];
    for (let i = 0; i < 30; i++) {
      const change = l.succeeded();
      if (change) changes.push([change.kind, change.limits.docs]);
    }
    expect(changes).toEqual([
      ['grew', 188],
      ['grew', 281],
      ['grew', 422],
      ['grew', 633],
      ['grew', 949],
      ['grew', 1424],
      ['restored', 2000],
    ]);
    expect(l.limits).toEqual({ ...max, scale: 1 });
    expect(l.succeeded()).toBeUndefined();
  });

  it('starts the clean run over after pressure', () => {
    const l = limit(3);
    const cut = l.limits;
    l.starved(cut);
    l.succeeded();
    l.succeeded();
    l.starved(cut); // an older, larger bulk: no further shrink
    expect(l.succeeded()).toBeUndefined();
    expect(l.succeeded()).toBeUndefined();
    expect(l.succeeded()?.limits.docs).toBe(1500);
  });
});

describe('what counts as pressure', () => {
  const failure = (status: number | null, timedOut?: boolean) => ({
    ok: false as const,
    failure: { status, message: 'x', ...(timedOut ? { timedOut } : {}) },
  });
  const items = (...statuses: number[]) => ({
    ok: true as const,
    items: statuses.map((status) => ({ status })),
  });

  it('a timeout, or a whole request refused with 429 or 503', () => {
    expect(pressureOf(failure(null, true))).toBe('timeout');
    expect(pressureOf(failure(429))).toBe('http 429');
    expect(pressureOf(failure(503))).toBe('http 503');
  });

  it('a bulk whose items were mostly refused with 429', () => {
    expect(pressureOf(items(429, 429, 201))).toBe('items 429');
    expect(pressureOf(items(429, 201))).toBeUndefined();
    expect(pressureOf(items(201, 409))).toBeUndefined();
  });

  it('not an outage (refused or reset) nor another server error', () => {
    expect(pressureOf(failure(null))).toBeUndefined();
    expect(pressureOf(failure(500))).toBeUndefined();
    expect(pressureOf(failure(413))).toBeUndefined();
  });
});

describe('re-splitting a bulk to the new limit', () => {
  it('cuts in order by documents', () => {
    const ids = Array.from({ length: 7 }, (_, i) => i);
    expect(chunkWithin(ids, () => 1, { docs: 3, bytes: 100 })).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('cuts by bytes, an oversized item going alone', () => {
    const sizes = [40, 40, 40, 150, 10];
    expect(chunkWithin(sizes, (b) => b, { docs: 10, bytes: 100 })).toEqual([
      [40, 40],
      [40],
      [150],
      [10],
    ]);
  });
});
