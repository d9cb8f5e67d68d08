import { INDICATORS } from './indicators/registry.js';

/** Where the generated catalog lives, from the repository root. */
export const FIELD_CATALOG_PATH = 'packages/schema/src/indicator-fields.ts';

/**
 * The indicator output fields as a TypeScript module for packages/schema, which cannot import
 * this package (this package imports it): the registry stays the one home of each field and the
 * schema, its JSON Schema, the sink's mappings and document fields derive from the copy, which
 * `npm run fields:export -w @marketfeed/indicators -- --check` holds to the registry.
 */
export function fieldCatalogModule(): string {
  const lines = INDICATORS.flatMap((ind) =>
    Object.entries(ind.outputs).map(
      ([name, f]) =>
        `  ${name}: { kind: '${f.kind}', indicator: '${ind.name}', optional: ${f.since !== undefined}, description: ${JSON.stringify(f.since ? `${f.description} Added ${f.since}; absent in earlier records.` : f.description)} },`,
    ),
  );
  return [
    `// Generated from packages/indicators/src/indicators/registry.ts by`,
    `// \`npm run fields:export -w @marketfeed/indicators\`; do not edit (a test checks it).`,
    ``,
    `/** Every indicator output field of the enriched bar, in publication order. Each is a number or null. */`,
    `export const INDICATOR_FIELDS = {`,
    ...lines,
    `} as const;`,
    ``,
  ].join('\n');
}
