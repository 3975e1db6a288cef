import { pathToFileURL } from 'node:url';
import { Kysely, Migrator, type Migration, type MigrationProvider } from 'kysely';
import { InputError } from '../../errors.js';
import { RevisionGraph } from '../graph.js';
import type { MigrationHistory, MigrationRevision } from '../history.js';
import { listFolder, readText } from '../sql-tools/read-files.js';
import { openShadow } from '../../shadow/shadow.js';
import { ShadowDialect } from './shadow-dialect.js';
import { progress } from '../../progress.js';

/** The module files Kysely's FileMigrationProvider loads. */
const MODULE = /^(?!.*\.d\.m?ts$)(.+)\.(js|mjs|ts|mts)$/;
export const CREATE_EXTENSION = /create\s+extension\s+(?:if\s+not\s+exists\s+)?"?([\w-]+)"?/gi;

/** Whether this Node.js imports TypeScript files itself (22.6+ with --experimental-strip-types, 23.6+). */
function nodeStripsTypes(): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript);
}

/**
 * A folder of Kysely migrations: modules exporting `up(db)` (and `down(db)`), named and ordered
 * as Kysely's `FileMigrationProvider` does (file name without extension, sorted). They are run
 * by Kysely's own `Migrator` against the shadow database; `kysely_migration` records each.
 *
 * `.js` and `.mjs` modules load on every Node.js; `.ts`/`.mts` need a Node.js that strips types
 * (22.6+ with `--experimental-strip-types` in NODE_OPTIONS, or 23.6+).
 *
 * @example (await kyselyHistory('src/migrations')).graph.heads() // ['2024_03_01_add_posts']
 * @throws InputError for two modules with one name, or TypeScript modules Node.js cannot load.
 */
export async function kyselyHistory(dir: string, options: { readonly versionTable?: string } = {}): Promise<MigrationHistory> {
  const files = new Map<string, string>();
  const extensions = new Set<string>();
  for (const entry of await listFolder(dir, false)) {
    const m = MODULE.exec(entry.name);
    if (!m) continue;
    const name = m[1] as string;
    const other = files.get(name);
    if (other) throw new InputError(`Kysely migration '${name}' is declared by both ${other} and ${entry.path}`);
    if (/\.m?ts$/.test(entry.name) && !nodeStripsTypes()) {
      throw new InputError(
        `${entry.path}: a TypeScript migration, which Node.js ${process.versions.node} cannot import; ` +
          'run pgdrift with Node.js 23.6+ (or 22.6+ with NODE_OPTIONS=--experimental-strip-types), or point --migrations at the compiled .js files',
      );
    }
    files.set(name, entry.path);
    for (const x of (await readText(entry.path)).matchAll(CREATE_EXTENSION)) extensions.add((x[1] as string).toLowerCase());
  }
  if (files.size === 0) throw new InputError(`${dir}: no Kysely migration modules (.js, .mjs, .ts)`);
  // Kysely orders migrations by name with localeCompare-free string comparison.
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const graph = RevisionGraph.build<MigrationRevision>(
    names.map((name, i) => ({
      id: name,
      parents: i === 0 ? [] : [names[i - 1] as string],
      dependsOn: [],
      branchLabels: [],
      file: files.get(name) as string,
      message: null,
    })),
  );
  const versionTable = options.versionTable ?? 'kysely_migration';
  return {
    tool: 'kysely',
    dir,
    graph,
    versionTable,
    records: 'each',
    inputFiles: (revisions) => revisions.map((r) => r.file),
    async withApplied(revisions, applyOptions, use) {
      const wanted = revisions.map((r) => r.id);
      const provider: MigrationProvider = {
        async getMigrations() {
          const out: Record<string, Migration> = {};
          for (const name of wanted) out[name] = await importMigration(files.get(name) as string);
          return out;
        },
      };
      const shadow = await openShadow({
        shadowUrl: applyOptions.shadowUrl,
        extensions: [...extensions].map((name) => ({ name, where: dir })),
      });
      try {
        if (wanted.length > 0) {
          progress(`running ${wanted.length} Kysely migrations on the shadow`);
          const db = new Kysely<unknown>({ dialect: new ShadowDialect(shadow) });
          const migrator = new Migrator({ db, provider, migrationTableName: versionTable, migrationLockTableName: `${versionTable}_lock` });
          const { error, results } = await migrator.migrateToLatest();
          await db.destroy();
          if (error) {
            const failed = results?.find((r) => r.status === 'Error')?.migrationName;
            const where = failed ? files.get(failed) ?? failed : dir;
            throw new InputError(`${where}: Kysely migration failed on the shadow database: ${(error as Error).message ?? String(error)}`, { cause: error });
          }
        }
        const result = await use(shadow);
        await shadow.close();
        return result;
      } catch (err) {
        await shadow.close().catch(() => {});
        throw err;
      }
    },
  };
}

/** A Kysely migration module's `up` (and `down`), as Kysely's FileMigrationProvider loads it. */
export async function importMigration(file: string): Promise<Migration> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(`${file}: cannot import this Kysely migration: ${(err as Error).message}`, { cause: err });
  }
  const candidate = (typeof (module.default as Migration | undefined)?.up === 'function' ? module.default : module) as Migration;
  if (typeof candidate.up !== 'function') throw new InputError(`${file}: not a Kysely migration (no exported up(db) function)`);
  return candidate;
}
