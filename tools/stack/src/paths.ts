import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file lives in tools/stack/src (or tools/stack/dist once built): the repo root is three
// levels up either way, so the stack is found no matter which directory a command runs from.
export const repoRoot = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

export interface StackPaths {
  root: string;
  stackJson: string;
  bin: string;
  clients: string;
  run: string;
  kafka: {
    dir: string;
    config: string;
    serverProperties: string;
    log4j: string;
    toolsLog4j: string;
    tls: string;
    data: string;
    logs: string;
    credentials: string;
  };
  opensearch: { dir: string };
}

export function stackPaths(root = join(repoRoot, '.stack')): StackPaths {
  const kafkaDir = join(root, 'kafka');
  return {
    root,
    stackJson: join(root, 'stack.json'),
    bin: join(root, 'bin'),
    clients: join(root, 'clients'),
    run: join(root, 'run'),
    kafka: {
      dir: kafkaDir,
      config: join(kafkaDir, 'config'),
      serverProperties: join(kafkaDir, 'config', 'server.properties'),
      log4j: join(kafkaDir, 'config', 'log4j2.properties'),
      toolsLog4j: join(kafkaDir, 'config', 'tools-log4j2.properties'),
      tls: join(kafkaDir, 'tls'),
      data: join(kafkaDir, 'data'),
      logs: join(kafkaDir, 'logs'),
      // Generated once per stack (cluster id, passwords); survives restarts, not --wipe.
      credentials: join(kafkaDir, 'credentials.json'),
    },
    opensearch: { dir: join(root, 'opensearch') },
  };
}

/**
 * Downloads outlive the stack: `down --wipe` must not force a re-download. XDG_CACHE_HOME is
 * honoured so CI can point it at a cached volume.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0
      ? env.XDG_CACHE_HOME
      : join(homedir(), '.cache');
  return join(base, 'marketfeed');
}

/** Lets a one-off cold-start measurement use an empty Maven repository. */
export function mavenRepoOverride(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.MARKETFEED_MAVEN_REPO;
  return value && value.length > 0 ? value : undefined;
}
