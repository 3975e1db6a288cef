import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { MigrationTool } from './history.js';

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function head(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).slice(0, 20_000);
  } catch {
    return '';
  }
}

/**
 * Tells which migration tool a folder belongs to, from its files:
 * Alembic (`alembic.ini`, `env.py`, `versions/`, or revision files with `revision =`),
 * golang-migrate (`NNN_name.up.sql`), Flyway (`V<ver>__name.sql`), dbmate (`.sql` files with
 * `-- migrate:up`), Kysely (modules exporting `up`).
 *
 * @example await detectTool('fixtures/alembic/app') // 'alembic'
 * @throws InputError when the folder is missing or matches no tool (pass `--tool`).
 */
export async function detectTool(dir: string): Promise<MigrationTool> {
  if (!(await isDir(dir))) throw new InputError(`${dir}: no such folder`);
  const names = await readdir(dir);
  if (names.includes('alembic.ini') || names.includes('env.py') || (names.includes('versions') && (await isDir(join(dir, 'versions'))))) return 'alembic';
  if (names.some((n) => /^\d+_.*\.(up|down)\.sql$/.test(n))) return 'golang-migrate';
  if (names.some((n) => /^V\d+(?:[._]\d+)*__.+\.sql$/.test(n))) return 'flyway';
  for (const n of names.filter((x) => x.endsWith('.sql'))) {
    if (/^--\s*migrate:up\b/m.test(await head(join(dir, n)))) return 'dbmate';
  }
  for (const n of names.filter((x) => x.endsWith('.py') && !x.startsWith('__init__'))) {
    if (/^revision\s*(:[^=]+)?=/m.test(await head(join(dir, n)))) return 'alembic';
  }
  for (const n of names.filter((x) => /\.(m?js|m?ts)$/.test(x) && !/\.d\.m?ts$/.test(x))) {
    if (/export\s+(async\s+)?function\s+up\b|export\s+(const|let)\s+up\b|exports\.up\b/.test(await head(join(dir, n)))) return 'kysely';
  }
  throw new InputError(
    `${dir}: cannot tell which migration tool this folder belongs to (looked for alembic.ini/env.py/versions/, ` +
      'NNN_name.up.sql, V1__name.sql, -- migrate:up, Kysely modules exporting up()); pass --tool',
  );
}
