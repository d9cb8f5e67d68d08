import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../src/index.js';

const docs = join(import.meta.dirname, '..', '..', '..', 'docs', 'schema');

describe('docs/schema', () => {
  it('holds exactly the JSON Schema files generated from the current definitions (run `npm run schema:export -w @marketfeed/schema` if this fails)', () => {
    const generated = jsonSchemas();
    expect(
      readdirSync(docs)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(generated).sort());
    for (const [name, doc] of Object.entries(generated)) {
      expect(readFileSync(join(docs, name), 'utf8'), name).toBe(
        `${JSON.stringify(doc, null, 2)}\n`,
      );
    }
  });
});
