import { describe, expect, it } from 'vitest';
import { DEFAULT_ENRICH_CONFIG, INDICATOR_REGISTRY } from '../../src/index.js';

describe('every indicator in the registry', () => {
  for (const ind of INDICATOR_REGISTRY) {
    it(`${ind.name}: copy carries every field of its state (the one-step undo depends on it)`, () => {
      const p = ind.params(DEFAULT_ENRICH_CONFIG);
      const from = ind.init(p) as Record<string, unknown>;
      Object.keys(from).forEach((k, i) => (from[k] = `marker-${i}`));
      const to = ind.init(p) as Record<string, unknown>;
      ind.copy(to, from);
      expect(to).toEqual(from);
    });
  }

  it('names are unique and output fields are unique across indicators', () => {
    const names = INDICATOR_REGISTRY.map((i) => i.name);
    const fields = INDICATOR_REGISTRY.flatMap((i) => Object.keys(i.outputs));
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(fields).size).toBe(fields.length);
  });
});
