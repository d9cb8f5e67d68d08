import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticAsset {
  contentType: string;
  body: string;
}

// The build copies public/ into dist/ (images ship dist/ only); from src/ it is next door.
const BUILT = fileURLToPath(new URL('./public/', import.meta.url));
const PUBLIC_DIR = existsSync(BUILT) ? BUILT : fileURLToPath(new URL('../public/', import.meta.url));

/**
 * The page is plain ES modules served as they are: no bundler, nothing to build. The chart
 * library's standalone ES module build comes straight from node_modules (its package exports
 * do not list it, so it is found next to the package's manifest).
 */
export function loadStaticAssets(): Map<string, StaticAsset> {
  const require = createRequire(import.meta.url);
  const chartsDir = dirname(require.resolve('lightweight-charts/package.json'));
  const file = (path: string, contentType: string): StaticAsset => ({
    contentType,
    body: readFileSync(path, 'utf8'),
  });
  return new Map([
    ['/', file(join(PUBLIC_DIR, 'index.html'), 'text/html; charset=utf-8')],
    ['/app.js', file(join(PUBLIC_DIR, 'app.js'), 'text/javascript; charset=utf-8')],
    ['/style.css', file(join(PUBLIC_DIR, 'style.css'), 'text/css; charset=utf-8')],
    [
      '/vendor/lightweight-charts.mjs',
      file(
        join(chartsDir, 'dist', 'lightweight-charts.standalone.production.mjs'),
        'text/javascript; charset=utf-8',
      ),
    ],
  ]);
}
