import { existsSync } from 'node:fs';
import { importRepoModule, repoPath, type AppName } from './repo.js';

export type Env = Record<string, string>;

export interface AppConfigModule {
  /** The module's `<x>EnvShape`: every variable the app reads, as zod schemas. */
  shape: Record<string, { safeParse(value: unknown): { success: boolean } }>;
  /** The module's `load<X>Config(env)`: what main.ts calls at boot; throws ConfigError. */
  load: (env: Env) => unknown;
  /** Names that may also come as `<NAME>_FILE` (resolveFileSecrets in the loader). */
  variables: Set<string>;
}

export const configModulePath = (app: AppName): string => `apps/${app}/src/config.ts`;

export const configModuleExists = (app: AppName): boolean =>
  existsSync(repoPath(configModulePath(app)));

/**
 * Reads the app's own config module, not a copy of its variable list: the exported env shape
 * and loader, found by the house naming (`ingestorEnvShape` / `loadIngestorConfig`).
 */
export async function appConfig(app: AppName): Promise<AppConfigModule> {
  const mod = await importRepoModule(configModulePath(app));
  const shapes = Object.entries(mod).filter(
    ([name, value]) => name.endsWith('EnvShape') && typeof value === 'object',
  );
  const loaders = Object.entries(mod).filter(
    ([name, value]) => /^load\w*Config$/.test(name) && typeof value === 'function',
  );
  if (shapes.length !== 1 || loaders.length !== 1)
    throw new Error(
      `${configModulePath(app)} must export exactly one *EnvShape and one load*Config; found ` +
        `${shapes.map(([n]) => n).join(', ') || 'no shape'} and ${loaders.map(([n]) => n).join(', ') || 'no loader'}`,
    );
  const shape = shapes[0]![1] as AppConfigModule['shape'];
  return {
    shape,
    load: loaders[0]![1] as AppConfigModule['load'],
    variables: new Set(Object.keys(shape)),
  };
}

/** Variables the app cannot start without: their schema rejects "unset". */
export const requiredVariables = (cfg: AppConfigModule): string[] =>
  Object.entries(cfg.shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([name]) => name);

/** Variables set that the app does not read (neither NAME nor the NAME_FILE form of a known NAME). */
export const unknownVariables = (
  cfg: AppConfigModule,
  env: Env,
  platform: ReadonlySet<string> = new Set(),
): string[] =>
  Object.keys(env).filter(
    (name) =>
      !platform.has(name) &&
      !cfg.variables.has(name) &&
      !(name.endsWith('_FILE') && cfg.variables.has(name.slice(0, -5))),
  );

/** Runs the app's loader; returns the problems it reports (`ConfigError.problems`) or []. */
export function loaderProblems(cfg: AppConfigModule, env: Env): string[] {
  try {
    cfg.load(env);
    return [];
  } catch (err) {
    const problems = (err as { problems?: { variable: string; reason: string }[] }).problems;
    if (!problems) throw err;
    return problems.map((p) => `${p.variable}: ${p.reason}`);
  }
}
