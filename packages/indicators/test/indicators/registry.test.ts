import { describe, expect, it } from 'vitest';
import { INDICATOR_REGISTRY } from '../../src/index.js';
import { OFFSETS, indicatorJson, initialSlab, readIndicator } from '../../src/slab.js';

describe('every indicator in the registry', () => {
  for (const ind of INDICATOR_REGISTRY) {
    it(`${ind.name}: every state field has its own name and comes back from the changelog as written`, () => {
      const i = INDICATOR_REGISTRY.indexOf(ind);
      const names = ind.state.map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
      const slab = initialSlab();
      // Distinct values a codec can write too (vwap's date: an epoch day; session: 0-2).
      ind.state.forEach((f, k) => (slab[OFFSETS[i]! + k] = f.codec ? k : 1000.5 + k));
      const back = initialSlab();
      readIndicator(back, i, JSON.parse(indicatorJson(slab, i)) as Record<string, unknown>);
      expect(back).toEqual(slab);
    });
  }

  it('names are unique and output fields are unique across indicators', () => {
    const names = INDICATOR_REGISTRY.map((i) => i.name);
    const fields = INDICATOR_REGISTRY.flatMap((i) => Object.keys(i.outputs));
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(fields).size).toBe(fields.length);
  });
});
