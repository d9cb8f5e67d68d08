import { ConfigError } from './config.js';

/**
 * The last line of every `src/main.ts`: runs `main`, and on a boot failure prints a clear
 * message and exits non-zero. Config errors are printed plainly (no stack trace) because they
 * are the operator's to fix, not a bug.
 */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${name}: ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    process.stderr.write(
      `${name}: fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
