// Prints the workspace folders an app image ships: the app and, transitively, the workspaces
// in its `dependencies` (never `devDependencies`: the test kit and tools stay out of images).
// Usage, from the repository (or pruned) root: node ship-workspaces.mjs <app folder name>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const app = process.argv[2];
if (!app) {
  console.error('usage: node ship-workspaces.mjs <app>');
  process.exit(64);
}

// Workspace patterns are folders or `<folder>/*`, as in the root package.json.
// A pruned tree lacks the folders of workspaces the app does not need.
const folders = readJson('package.json').workspaces.flatMap((pattern) => {
  if (!pattern.endsWith('/*')) return [pattern];
  const parent = pattern.slice(0, -2);
  if (!existsSync(parent)) return [];
  return readdirSync(parent, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(parent, d.name));
});
const byName = new Map(
  folders
    .filter((f) => existsSync(join(f, 'package.json')))
    .map((f) => [readJson(join(f, 'package.json')).name, f]),
);

const ship = new Set();
const visit = (name) => {
  const folder = byName.get(name);
  if (!folder || ship.has(folder)) return;
  ship.add(folder);
  for (const dep of Object.keys(readJson(join(folder, 'package.json')).dependencies ?? {}))
    visit(dep);
};
const manifest = join('apps', app, 'package.json');
if (!existsSync(manifest)) {
  console.error(`APP=${app}: no ${manifest}; APP names a folder of apps/`);
  process.exit(64);
}
visit(readJson(manifest).name);
console.log([...ship].sort().join('\n'));
