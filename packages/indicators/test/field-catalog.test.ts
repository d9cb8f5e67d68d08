import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_CATALOG_PATH } from '../src/field-catalog.js';
import { formattedFieldCatalog } from '../scripts/formatted-field-catalog.js';

describe('the schema package’s indicator field catalog', () => {
  it('is the registry’s outputs (run npm run fields:export -w @marketfeed/indicators if not)', async () => {
    const path = join(import.meta.dirname, '..', '..', '..', FIELD_CATALOG_PATH);
    expect(readFileSync(path, 'utf8')).toBe(await formattedFieldCatalog(path));
  });
});
