import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const repoPath = (...parts: string[]): string => resolve(repoRoot, ...parts);

export const readRepoFile = (...parts: string[]): string =>
  readFileSync(repoPath(...parts), 'utf8');

/** Imports a TypeScript module of another workspace by path (vitest compiles it). */
export const importRepoModule = (...parts: string[]): Promise<Record<string, unknown>> =>
  import(pathToFileURL(repoPath(...parts)).href) as Promise<Record<string, unknown>>;

export const APPS = ['ingestor', 'enricher', 'opensearch-sink'] as const;
export type AppName = (typeof APPS)[number];
