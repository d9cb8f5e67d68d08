import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const help = { help: { type: 'boolean', short: 'h' } } as const;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{
    args: string[];
    allowPositionals: true;
    strict: true;
    options: typeof help & O;
  }>
>;

/** A mistake on the command line: the CLI prints its message above the usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * How every CLI here reads its argv: Node's strict parser (an unknown flag is a usage error),
 * positionals allowed, and `-h`/`--help`. Kept free of the service runtime so that a customer
 * CLI can import it (`@marketfeed/service/cli-args`) without loading the HTTP server or logger.
 */
export function parseCommandLine<const O extends Options>(
  argv: readonly string[],
  options: O,
): Parsed<O> {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { ...help, ...options },
  });
}

/** `--flag N`: undefined when absent, else a positive integer (or -1 where -1 means "default"). */
export function positiveIntFlag(
  flag: string,
  value: string | undefined,
  { allowMinusOne = false } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || (n < 1 && !(allowMinusOne && n === -1)))
    throw new UsageError(`${flag}: expected a positive integer, got "${value}"`);
  return n;
}

/** `--flag a, b,,c` -> ['a', 'b', 'c']; undefined when the flag is absent. */
export function listFlag(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
