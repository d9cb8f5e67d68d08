/**
 * The filtered alias over the bar indices that shows one symbol, e.g. `marketfeed-amzn`: the
 * opensearch-sink creates it, readers (the web view's history) query it, both through this one
 * rule. Alias names must be lowercase and may not contain `/`; symbols may (`BRK/B`). `~` is legal
 * in index names and never in a symbol, so the mapping stays readable and `/` cannot collide
 * with `.` (`BRK.B`). `undefined` when the name would collide with the bars namespace
 * (`<prefix>-bars…`, a symbol literally called BARS): such a symbol has no alias.
 */
export function symbolAlias(indexPrefix: string, symbol: string): string | undefined {
  const name = symbol.toLowerCase().replaceAll('/', '~');
  return name === 'bars' || name.startsWith('bars-') ? undefined : `${indexPrefix}-${name}`;
}
