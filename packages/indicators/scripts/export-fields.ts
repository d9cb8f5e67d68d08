// Writes packages/schema/src/indicator-fields.ts from the registry. `--check` exits 1 if it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIELD_CATALOG_PATH } from '../src/field-catalog.js';
import { formattedFieldCatalog } from './formatted-field-catalog.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', FIELD_CATALOG_PATH);
const text = await formattedFieldCatalog(path);
let current = '';
try {
  current = readFileSync(path, 'utf8');
} catch {
  // missing counts as stale
}
if (current !== text) {
  if (process.argv.includes('--check')) {
    console.error(
      `stale: ${FIELD_CATALOG_PATH}; run: npm run fields:export -w @marketfeed/indicators`,
    );
    process.exit(1);
  }
  writeFileSync(path, text);
  console.log(`wrote ${FIELD_CATALOG_PATH}; now run: npm run schema:export -w @marketfeed/schema`);
}
