// A candidate enriched-bar writer for the bench, not shipped: one string template generated from
// the field list (ENRICHED_BAR_FIELDS, in publication order), so it cannot drift from the record.
// The bench times it only after checking it writes exactly JSON.stringify's bytes.
import { ENRICHED_BAR_FIELDS, type EnrichedBarV1 } from '@marketfeed/schema';

type Writer = (b: EnrichedBarV1) => string;

/** JSON.stringify's text for a number or null: non-finite numbers are written as null. */
export function num(x: number | null): string {
  return x === null || !Number.isFinite(x) ? 'null' : `${x}`;
}

/** JSON string of a value known to need no escaping (symbols, ISO dates, enum words) or null. */
function plain(x: string | null): string {
  return x === null ? 'null' : `"${x}"`;
}

function list(xs: readonly string[]): string {
  return xs.length === 0 ? '[]' : `["${xs.join('","')}"]`;
}

const STRING_FIELDS = new Set([
  'schema',
  'symbol',
  'timestamp',
  'sessionDate',
  'session',
  'prevCloseDate',
  'indicator',
]);

/** Builds the writer from the field list: one template literal, compiled once. */
function compile(): Writer {
  const parts = ENRICHED_BAR_FIELDS.map((f, i) => {
    const key = `${i === 0 ? '{' : ','}"${f}":`;
    const value =
      f === 'signals'
        ? `\${list(b.signals)}`
        : f === 'splitAdjusted'
          ? `\${b.splitAdjusted}`
          : STRING_FIELDS.has(f)
            ? `\${plain(b.${f})}`
            : `\${num(b.${f})}`;
    return key + value;
  });
  // Generated code from a constant field list, compiled once: the one way to get a fixed template.
  return new Function('num', 'plain', 'list', `return (b) => \`${parts.join('')}}\`;`)(
    num,
    plain,
    list,
  ) as Writer;
}

/** Only valid for records whose strings need no JSON escaping, which the bench checks. */
export const generatedStringify: Writer = compile();
