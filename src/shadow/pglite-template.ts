import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/**
 * Where the build keeps PGlite's pristine data directory (a tar written by
 * `dumpDataDir`), beside the compiled code so that it ships with the package.
 */
export function pgliteTemplatePath(): string {
  return join(packageRoot(), 'dist', 'shadow', 'pglite-template.tar');
}
