import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';

/** The names a config file may have, in a folder or any folder above it. */
export const CONFIG_FILE_NAMES: readonly string[] = ['pgdrift.config.json', '.pgdriftrc.json'];

/**
 * The config file that applies in `dir`: the nearest one in it or a folder above it, up to the
 * filesystem root; null when there is none. Two names in one folder is ambiguous, refused.
 *
 * @example findConfigFile('/home/me/app/backend') // '/home/me/app/pgdrift.config.json'
 */
export function findConfigFile(dir: string): string | null {
  for (let at = dir; ; at = dirname(at)) {
    const found = CONFIG_FILE_NAMES.map((name) => join(at, name)).filter((file) => existsSync(file));
    if (found.length > 1) throw new InputError(`${found.join(' and ')}: two config files in one folder; keep one`);
    if (found[0] !== undefined) return found[0];
    if (dirname(at) === at) return null;
  }
}
