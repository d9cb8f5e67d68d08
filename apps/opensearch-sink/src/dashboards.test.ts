import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BAR_MAPPINGS } from './index-design.js';
import { indexNames } from './documents.js';

interface SavedObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: { name: string; type: string; id: string }[];
}

const file = fileURLToPath(new URL('../../../dashboards/marketfeed.ndjson', import.meta.url));
const objects = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as SavedObject);
const byKey = new Map(objects.map((o) => [`${o.type}:${o.id}`, o]));
const mapped = new Set(Object.keys(BAR_MAPPINGS.properties));

function searchSource(o: SavedObject): { indexRefName?: string } {
  const meta = o.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string } | undefined;
  return meta ? (JSON.parse(meta.searchSourceJSON) as { indexRefName?: string }) : {};
}

describe('dashboards/marketfeed.ndjson', () => {
  it('holds the index pattern, a saved search, four visualizations and a dashboard, once each', () => {
    expect(objects.map((o) => o.type).sort()).toEqual([
      'dashboard',
      'index-pattern',
      'search',
      'visualization',
      'visualization',
      'visualization',
      'visualization',
    ]);
    expect(byKey.size).toBe(objects.length);
  });

  it('matches the sink read alias with timestamp as the time field', () => {
    const pattern = objects.find((o) => o.type === 'index-pattern')!;
    expect(pattern.attributes.title).toBe(`${indexNames('marketfeed').readAlias}*`);
    expect(pattern.attributes.timeFieldName).toBe('timestamp');
  });

  it('has every reference resolve to an object in the file, and every ref name used', () => {
    for (const o of objects) {
      for (const ref of o.references)
        expect(byKey.has(`${ref.type}:${ref.id}`), `${o.id} -> ${ref.type}:${ref.id}`).toBe(true);
      const refNames = new Set(o.references.map((r) => r.name));
      const ss = searchSource(o);
      if (ss.indexRefName) expect(refNames.has(ss.indexRefName), `${o.id} indexRefName`).toBe(true);
      if (o.type === 'dashboard') {
        const panels = JSON.parse(o.attributes.panelsJSON as string) as { panelRefName: string }[];
        expect(panels.map((p) => p.panelRefName).sort()).toEqual([...refNames].sort());
      }
    }
  });

  it('only uses fields the index template maps', () => {
    for (const o of objects) {
      if (o.type === 'visualization') {
        const vis = JSON.parse(o.attributes.visState as string) as {
          aggs: { params: { field?: string } }[];
        };
        for (const agg of vis.aggs)
          if (agg.params.field)
            expect(mapped.has(agg.params.field), `${o.id}: ${agg.params.field}`).toBe(true);
      }
      if (o.type === 'search') {
        for (const c of o.attributes.columns as string[])
          expect(mapped.has(c), `${o.id}: ${c}`).toBe(true);
      }
    }
  });

  it('draws close over time and breaks bars down by indicator', () => {
    const visStates = objects
      .filter((o) => o.type === 'visualization')
      .map(
        (o) =>
          JSON.parse(o.attributes.visState as string) as {
            type: string;
            aggs: { type: string; params: { field?: string } }[];
          },
      );
    const line = visStates.find((v) => v.type === 'line')!;
    expect(line.aggs.map((a) => a.params.field)).toEqual(
      expect.arrayContaining(['close', 'timestamp']),
    );
    const pie = visStates.find((v) => v.type === 'pie')!;
    expect(pie.aggs.map((a) => a.params.field)).toContain('indicator');
  });
});
