import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { ModuleFinder } from '../../python/modules.js';
import { AlembicIni } from './ini.js';

/** Where an Alembic project keeps its revisions. */
export interface AlembicLayout {
  /** The script folder (holding env.py), or the versions folder when given on its own. */
  readonly scriptDir: string;
  readonly versionDirs: readonly string[];
  readonly recursive: boolean;
  /** The alembic.ini that pointed there, if any. */
  readonly iniFile: string | null;
  /** Its options: revisions read them through `context.config`. */
  readonly ini: AlembicIni | null;
}

async function exists(path: string, kind: 'file' | 'dir'): Promise<boolean> {
  try {
    const s = await stat(path);
    return kind === 'file' ? s.isFile() : s.isDirectory();
  } catch {
    return false;
  }
}

function splitLocations(value: string, separator: string | undefined): string[] {
  const sep = separator ?? 'legacy';
  const parts =
    sep === 'os' || sep === ':' ? value.split(':') : sep === ';' ? value.split(';') : sep === 'space' ? value.split(' ') : sep === 'newline' ? value.split('\n') : value.split(/[\s,]+/);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Finds the revisions of an Alembic project from what a user passes as `--migrations`: the
 * script folder (with env.py and versions/), the versions folder itself, or a folder holding
 * alembic.ini (whose `script_location` and `version_locations` are followed).
 *
 * @example await resolveAlembicLayout('backend/app/migrations') // { versionDirs: ['…/versions'], … }
 * @throws InputError when the folder is none of these.
 */
export async function resolveAlembicLayout(dir: string): Promise<AlembicLayout> {
  const root = resolve(dir);
  if (!(await exists(root, 'dir'))) throw new InputError(`${dir}: no such folder`);
  const ini = join(root, 'alembic.ini');
  if (await exists(ini, 'file')) {
    const parsed = AlembicIni.parse(ini, await readFile(ini, 'utf8'), root);
    const location = parsed.get('alembic', 'script_location');
    // Flask-Migrate keeps alembic.ini inside the script folder and names no script_location.
    if (!location && (await exists(join(root, 'env.py'), 'file')) && (await exists(join(root, 'versions'), 'dir'))) {
      return { scriptDir: root, versionDirs: [join(root, 'versions')], recursive: parsed.get('alembic', 'recursive_version_locations') === 'true', iniFile: ini, ini: parsed };
    }
    if (!location) throw new InputError(`${ini}: no script_location in [alembic]`);
    const scriptDir = /^[\w.]+:[\w.:/]*$/.test(location) && !isAbsolute(location) ? packageLocation(location, root, ini) : resolve(root, location);
    const versions = parsed.get('alembic', 'version_locations');
    const versionDirs = versions
      ? splitLocations(versions, parsed.get('alembic', 'path_separator') ?? parsed.get('alembic', 'version_path_separator')).map((p) => resolve(root, p))
      : [join(scriptDir, 'versions')];
    for (const v of versionDirs) if (!(await exists(v, 'dir'))) throw new InputError(`${ini}: version folder ${v} does not exist`);
    return { scriptDir, versionDirs, recursive: parsed.get('alembic', 'recursive_version_locations') === 'true', iniFile: ini, ini: parsed };
  }
  if ((await exists(join(root, 'env.py'), 'file')) || (await exists(join(root, 'versions'), 'dir'))) {
    if (!(await exists(join(root, 'versions'), 'dir'))) throw new InputError(`${dir}: has env.py but no versions/ folder`);
    return { scriptDir: root, versionDirs: [join(root, 'versions')], recursive: false, iniFile: null, ini: null };
  }
  const entries = await readdir(root);
  if (entries.some((e) => e.endsWith('.py'))) {
    return { scriptDir: dirname(root), versionDirs: [root], recursive: false, iniFile: null, ini: null };
  }
  throw new InputError(`${dir}: not an Alembic project (no alembic.ini, env.py, versions/ or revision files)`);
}

/**
 * `script_location = package:path` (Alembic's package-resource form): the folder inside the
 * package, found from alembic.ini's folder upward as Python would import the package.
 */
function packageLocation(location: string, root: string, ini: string): string {
  const [pkg, ...rest] = location.split(':') as [string, ...string[]];
  const init = new ModuleFinder().find(pkg, join(root, 'alembic.ini'));
  if (init === null) throw new InputError(`${ini}: script_location '${location}' names the Python package '${pkg}', which is not found above ${root}; pass the script folder itself`);
  return join(dirname(init), ...rest.join('/').split('/').filter((p) => p !== ''));
}

/** The revision files of a layout, sorted by path (Alembic skips `__init__.py` and editor files). */
export async function listRevisionFiles(layout: AlembicLayout): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (layout.recursive && entry.name !== '__pycache__') await walk(path);
      } else if (entry.name.endsWith('.py') && !entry.name.startsWith('__init__') && !entry.name.startsWith('.#')) {
        files.push(path);
      }
    }
  };
  for (const dir of layout.versionDirs) await walk(dir);
  if (files.length === 0) {
    // An empty history would compare as an empty schema: never a silent pass.
    const sub = [];
    for (const dir of layout.versionDirs) for (const e of await readdir(dir, { withFileTypes: true })) if (e.isDirectory() && e.name !== '__pycache__') sub.push(join(dir, e.name));
    throw new InputError(
      `${layout.versionDirs.join(', ')}: no revision files` + (sub.length > 0 ? ` (revisions in subfolders? pass one of them as --migrations, e.g. ${sub[0]})` : ''),
    );
  }
  return files.sort();
}
