import { parse } from 'yaml';
import { readRepoFile } from './repo.js';

export type Env = Record<string, string>;

export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> } | string;
  platform?: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, { condition?: string; required?: boolean }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  restart?: string;
  profiles?: string[];
  volumes?: (string | { source?: string; target?: string })[];
  ports?: (string | Record<string, unknown>)[];
  user?: string;
  read_only?: boolean;
  [key: string]: unknown;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Compose's variable interpolation (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/):
 * `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`,
 * `${VAR:+alt}`, `${VAR+alt}`. Unset variables without a default become "" (compose warns).
 */
export function interpolate(value: string, env: Env): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      match,
      braced: string | undefined,
      op: string | undefined,
      arg: string | undefined,
      bare: string | undefined,
    ) => {
      if (match === '$$') return '$';
      const name = braced ?? bare ?? '';
      const current = env[name];
      const set = current !== undefined;
      const nonEmpty = set && current !== '';
      switch (op) {
        case ':-':
          return nonEmpty ? current : interpolate(arg ?? '', env);
        case '-':
          return set ? current : interpolate(arg ?? '', env);
        case ':?':
        case '?':
          if (op === ':?' ? !nonEmpty : !set)
            throw new Error(`required variable ${name}: ${arg ?? ''}`);
          return current ?? '';
        case ':+':
          return nonEmpty ? interpolate(arg ?? '', env) : '';
        case '+':
          return set ? interpolate(arg ?? '', env) : '';
        default:
          return current ?? '';
      }
    },
  );
}

function interpolateTree(node: unknown, env: Env): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env));
  if (node !== null && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateTree(v, env)]));
  return node;
}

/** The raw YAML, anchors and merge keys resolved, before interpolation. */
export function readComposeRaw(file = 'docker-compose.yml'): Record<string, unknown> {
  // Compose resolves YAML 1.1 merge keys (`<<: *anchor`); yaml needs to be told.
  return parse(readRepoFile(file), { merge: true, maxAliasCount: -1 }) as Record<string, unknown>;
}

/** The compose model as `docker compose config` sees it for the given .env / shell variables. */
export function loadCompose(env: Env = {}, file = 'docker-compose.yml'): ComposeFile {
  return interpolateTree(readComposeRaw(file), env) as ComposeFile;
}

/** Every variable the file interpolates (`${VAR...}` or `$VAR`). */
export function interpolatedVariables(file = 'docker-compose.yml'): Set<string> {
  const text = readRepoFile(file).replace(/\$\$/g, '');
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g))
    names.add(m[1] ?? m[2] ?? '');
  return names;
}

/** A service's environment as the container gets it (list or map form; values as strings). */
export function serviceEnvironment(service: ComposeService): Env {
  const env: Env = {};
  const raw = service.environment;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  } else if (raw) {
    for (const [key, value] of Object.entries(raw)) {
      if (value === null || value === undefined) continue;
      env[key] = String(value);
    }
  }
  return env;
}

export function dependsOn(service: ComposeService): Record<string, { condition?: string }> {
  const raw = service.depends_on;
  if (!raw) return {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, {}]));
  return raw;
}

/** KEY=VALUE lines of an env file, commented-out assignments included when asked. */
export function readEnvFile(file: string, { includeCommented = false } = {}): Env {
  const env: Env = {};
  for (const line of readRepoFile(file).split('\n')) {
    const m = (
      includeCommented ? /^#?\s*([A-Z_][A-Z0-9_]*)=(.*)$/ : /^([A-Z_][A-Z0-9_]*)=(.*)$/
    ).exec(line.trim());
    if (m?.[1]) env[m[1]] = (m[2] ?? '').trim();
  }
  return env;
}

/**
 * The `.env` files a user may run compose with: none, the example with every line uncommented,
 * and Alpaca as the source. Fresh objects on each call (a test may fill in placeholders).
 */
export function userEnvScenarios(): Record<string, Env> {
  return {
    'no .env (dev defaults)': {},
    '.env.example with every line uncommented': readEnvFile('.env.example', {
      includeCommented: true,
    }),
    'Alpaca as the source': {
      INGEST_SOURCE: 'alpaca',
      ALPACA_KEY_ID: 'AK123',
      ALPACA_SECRET_KEY: 's3cr3t',
      SYMBOLS: 'AMZN,NVDA',
    },
  };
}
