// Writes docs/schema/*.json from the zod definitions. `--check` exits 1 if the files are stale.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchemas } from '../src/json-schema.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'schema');
const check = process.argv.includes('--check');
let stale = 0;
mkdirSync(outDir, { recursive: true });
for (const [name, doc] of Object.entries(jsonSchemas())) {
  const path = join(outDir, name);
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current === text) continue;
  stale++;
  if (check) console.error(`stale: docs/schema/${name}`);
  else {
    writeFileSync(path, text);
    console.log(`wrote docs/schema/${name}`);
  }
}
if (check && stale > 0) {
  console.error('run: npm run schema:export -w @marketfeed/schema');
  process.exit(1);
}
