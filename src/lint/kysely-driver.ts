import { Kysely } from 'kysely';
import { InputError } from '../errors.js';
import type { ApplyOptions, MigrationRevision } from '../migrations/history.js';
import { CREATE_EXTENSION, importMigration } from '../migrations/kysely/kysely-history.js';
import { ShadowDialect } from '../migrations/kysely/shadow-dialect.js';
import { statementKind, type MigrationStatement } from '../migrations/migration-statement.js';
import { readText } from '../migrations/sql-tools/read-files.js';
import { openShadow } from '../shadow/shadow.js';
import type { LintDriver } from './driver.js';
import type { RevisionWatch } from './observe.js';

/** The 1-based line of `up` or `down` in a Kysely module (`export async function up`, `up: async`…), else null. */
function lineOf(text: string, name: 'up' | 'down'): number | null {
  const m = new RegExp(`\\b(?:function\\s+${name}\\s*\\(|${name}\\s*[:=(])`).exec(text);
  return m ? text.slice(0, m.index).split('\n').length : null;
}

/**
 * A lint driver for a Kysely folder: each `up(db)` and `down(db)` runs as Kysely's Migrator runs
 * it on PostgreSQL — in a transaction (the adapter supports transactional DDL) — on the shadow,
 * through the same dialect `check` uses, with every query watched. A query has no line of its
 * own: findings point at the `up` function.
 */
export async function kyselyDriver<T>(options: ApplyOptions, revisions: readonly MigrationRevision[], body: (driver: LintDriver) => Promise<T>): Promise<T> {
  const texts = new Map<string, string>();
  const extensions = new Set<string>();
  for (const r of revisions) {
    const text = await readText(r.file);
    texts.set(r.id, text);
    for (const x of text.matchAll(CREATE_EXTENSION)) extensions.add((x[1] as string).toLowerCase());
  }
  const shadow = await openShadow({ shadowUrl: options.shadowUrl, extensions: [...extensions].map((name) => ({ name, where: 'a Kysely migration' })) });
  let watch: RevisionWatch | null = null;
  let place = { file: '', line: 1 };
  let ran: MigrationStatement[] = [];
  let pending: MigrationStatement | null = null;
  const db = new Kysely<unknown>({
    dialect: new ShadowDialect(shadow, {
      async before(sql) {
        pending = { sql, file: place.file, line: place.line, kind: statementKind(sql), transactional: true };
        watch?.checkTransaction(pending);
        await watch?.before(pending);
      },
      async after() {
        if (!pending) return;
        ran.push(pending);
        await watch?.after(pending);
        pending = null;
      },
    }),
  });
  const run = async (revision: MigrationRevision, name: 'up' | 'down', w: RevisionWatch | null): Promise<MigrationStatement[] | null> => {
    const migration = await importMigration(revision.file);
    const fn = name === 'up' ? migration.up : migration.down;
    if (typeof fn !== 'function') return null;
    watch = w;
    place = { file: revision.file, line: lineOf(texts.get(revision.id) ?? '', name) ?? 1 };
    ran = [];
    try {
      await db.transaction().execute(async (trx) => fn(trx));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code !== 'string') throw err;
      throw new InputError(`${revision.file}:${place.line}: ${(err as Error).message}${pending ? ` (applying: ${(pending as MigrationStatement).sql.split('\n')[0]})` : ''}`, { cause: err });
    } finally {
      watch = null;
      pending = null;
    }
    return ran;
  };
  try {
    const { rows } = await shadow.db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return await body({
      shadow,
      serverVersionNum: Number(rows[0]?.v ?? 0),
      rollsBack: true,
      upgrade: async (r, w) => (await run(r, 'up', w)) ?? [],
      downgrade: (r) => run(r, 'down', null),
      downgradePlace: async (r) => ({ file: r.file, line: lineOf(texts.get(r.id) ?? '', 'down') }),
    });
  } finally {
    await db.destroy().catch(() => {});
    await shadow.close().catch(() => {});
  }
}
