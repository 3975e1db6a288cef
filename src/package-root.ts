import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding pgdrift's package.json, whether running from `src/` (tests) or `dist/`,
 * so shipped files (schemas/, fixtures/) are found wherever the package is installed.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('pgdrift: cannot find its own package.json');
    dir = parent;
  }
  cached = dir;
  return dir;
}
