import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Thrown at boot when the environment is wrong. The message names every bad variable. */
export class ConfigError extends Error {
  readonly retriable = false;
  constructor(readonly problems: readonly { variable: string; reason: string }[]) {
    super(
      'invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Boolean env var: accepts true/false/1/0/yes/no (case-insensitive). */
export const envBool = (defaultValue: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return defaultValue;
      const s = v.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(s)) return true;
      if (['false', '0', 'no'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `expected true or false, got "${v}"` });
      return z.NEVER;
    });

/** Numeric env var within [min, max] that `accepts` (an integer, a finite number); `what` names it in the message. */
const envNumeric = (
  defaultValue: number,
  min: number,
  max: number,
  accepts: (n: number) => boolean,
  what: string,
) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return defaultValue;
      const n = Number(v);
      if (!accepts(n) || n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `expected ${what} in [${min}, ${max}], got "${v}"`,
        });
        return z.NEVER;
      }
      return n;
    });

/** Integer env var within [min, max]. */
export const envInt = (defaultValue: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  envNumeric(defaultValue, min, max, Number.isInteger, 'an integer');

/** Finite number env var within [min, max]. */
export const envNumber = (defaultValue: number, min = -Infinity, max = Infinity) =>
  envNumeric(defaultValue, min, max, Number.isFinite, 'a number');

/** Comma-separated list; empty entries dropped. */
export const envList = (defaultValue: readonly string[] = []) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v.trim() === ''
        ? [...defaultValue]
        : v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0),
    );

/** Enumerated env var. */
export const envEnum = <const T extends readonly [string, ...string[]]>(
  values: T,
  defaultValue: T[number],
) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return defaultValue;
      const s = v.trim().toLowerCase();
      if ((values as readonly string[]).includes(s)) return s as T[number];
      ctx.addIssue({ code: 'custom', message: `expected one of ${values.join('|')}, got "${v}"` });
      return z.NEVER;
    });

export const envString = (defaultValue?: string) =>
  defaultValue === undefined
    ? z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' })
    : z
        .string()
        .optional()
        .transform((v) => (v === undefined || v.trim() === '' ? defaultValue : v.trim()));

export const envOptionalString = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * The EMF metric lines on stdout (`createEmfWriter`), read by `runService`. Off by default so
 * local logs stay readable; the ECS task definitions turn it on.
 */
export const emfEnvShape = {
  METRICS_EMF: envBool(false),
  /** The alarms sum the lines over 1 to 15 minutes, so any interval up to a minute works. */
  METRICS_EMF_INTERVAL_MS: envInt(60_000, 1_000, 3_600_000),
};

/** Variables every service reads. */
export const serviceEnvShape = {
  PORT: envInt(8080, 0, 65535),
  LOG_LEVEL: envEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  SHUTDOWN_GRACE_MS: envInt(10_000, 0, 600_000),
  ...emfEnvShape,
};

/**
 * Secrets may come as `NAME` or as `NAME_FILE` (a path, as Docker/ECS secrets mounts do).
 * Resolves the `_FILE` form into `NAME` before validation; setting both is an error.
 */
export function resolveFileSecrets(
  env: Env,
  names: readonly string[],
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  const problems: { variable: string; reason: string }[] = [];
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push({
        variable: `${name}_FILE`,
        reason: `set together with ${name}; set only one`,
      });
      continue;
    }
    try {
      out[name] = readFileSync(file, 'utf8').trim();
    } catch (err) {
      problems.push({
        variable: `${name}_FILE`,
        reason: `cannot read ${file}: ${(err as Error).message}`,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}

/**
 * Validates `env` against a shape of env-var schemas. Returns the parsed config or throws a
 * ConfigError listing every problem by variable name. Unknown variables are ignored (the
 * process environment holds plenty of unrelated ones).
 */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: Env,
  refine?: (cfg: z.infer<z.ZodObject<S>>) => { variable: string; reason: string }[],
): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({
      variable: String(i.path[0] ?? '(root)'),
      reason: i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message,
    }));
    throw new ConfigError(problems);
  }
  const extra = refine ? refine(parsed.data) : [];
  if (extra.length > 0) throw new ConfigError(extra);
  return parsed.data;
}

/**
 * The variables a mode needs (`mode`, e.g. `OPENSEARCH_AUTH=basic`): one problem for each that is
 * unset, saying that `<NAME>_FILE` also works for those in `fileSecrets`.
 */
export function requiredByMode(
  mode: string,
  variables: Record<string, string | undefined>,
  fileSecrets: readonly string[] = [],
): { variable: string; reason: string }[] {
  return Object.entries(variables)
    .filter(([, value]) => !value)
    .map(([variable]) => ({
      variable,
      reason: `is required when ${mode}${fileSecrets.includes(variable) ? ` (or set ${variable}_FILE)` : ''}`,
    }));
}
