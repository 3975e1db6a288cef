import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, Migrator, PostgresDialect, type Migration } from 'kysely';
import pg from 'pg';
import { compare } from '../../src/compare/compare.js';
import { lintMigrations } from '../../src/lint/lint.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase } from '../helpers/db.js';
import { KYSELY_CASES, writeCase } from './lint-cases.js';

/*
 * The oracle for lint's Kysely round trips: Kysely's own Migrator, with its own PostgreSQL
 * dialect, runs the new migration up, down and up again on a real server, and the verdict must
 * be the one pgdrift reached on the embedded shadow.
 */

type Verdict = 'clean' | 'upgrade fails' | 'no down' | 'downgrade fails' | 'downgrade leaves a difference' | 'upgrade again fails' | 'upgrade again differs';

async function realVerdict(dir: string, url: string): Promise<Verdict> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const migrations: Record<string, Migration> = {};
  for (const f of files) migrations[f.replace(/\.mjs$/, '')] = (await import(pathToFileURL(join(dir, f)).href)) as Migration;
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const [base, next] = Object.keys(migrations) as [string, string];
  try {
    if ((await migrator.migrateTo(base)).error) throw new Error('the base does not apply');
    const before = await snapshotDatabase(url);
    if ((await migrator.migrateTo(next)).error) return 'upgrade fails';
    const after = await snapshotDatabase(url);
    if (typeof migrations[next]?.down !== 'function') return 'no down';
    if ((await migrator.migrateDown()).error) return 'downgrade fails';
    if ((await compare(before, await snapshotDatabase(url), { renameHints: false })).changes.length > 0) return 'downgrade leaves a difference';
    if ((await migrator.migrateUp()).error) return 'upgrade again fails';
    return (await compare(after, await snapshotDatabase(url), { renameHints: false })).changes.length > 0 ? 'upgrade again differs' : 'clean';
  } finally {
    await db.destroy();
  }
}

function pgdriftVerdict(rules: ReadonlySet<string>): Verdict {
  if (rules.has('upgrade-fails') || rules.has('non-transactional-in-transaction')) return 'upgrade fails';
  if (rules.has('downgrade-missing')) return 'no down';
  if (rules.has('downgrade-fails')) return 'downgrade fails';
  if (rules.has('downgrade-mismatch') || rules.has('downgrade-empty')) return 'downgrade leaves a difference';
  if (rules.has('upgrade-again-fails')) return 'upgrade again fails';
  if (rules.has('upgrade-again-mismatch')) return 'upgrade again differs';
  return 'clean';
}

describe("lint's Kysely round trips equal Kysely's own Migrator up-down-up on PostgreSQL", () => {
  for (const c of KYSELY_CASES) {
    test(c.name, async () => {
      const dir = writeCase(c);
      const db = await createTestDatabase('pgdrift_lint_kysely');
      try {
        const real = await realVerdict(dir, db.url);
        const result = await lintMigrations(await loadMigrationHistory(dir));
        expect(pgdriftVerdict(new Set(result.findings.filter((f) => f.revision === '2024_02_01_new').map((f) => f.rule)))).toBe(real);
      } finally {
        await db.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
