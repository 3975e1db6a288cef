import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { lintMigrations } from '../../src/lint/lint.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { dbmateMarker, dbmateSection } from '../../src/migrations/sql-tools/dbmate.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/db.js';
import { SQL_CASES, ALEMBIC_CASES, KYSELY_CASES, writeCase, type LintCase } from './lint-cases.js';

/*
 * The lint corpus on a real PostgreSQL: each case's new migration gets exactly the rules it
 * should (none for a safe pattern), with the shadow on the test server. Then each claim is
 * checked against PostgreSQL on its own, without pgdrift: a transaction finding exactly when
 * the file, sent the way its tool sends it, fails; a rewrite finding exactly when the table's
 * relfilenode changes.
 */

async function rulesOf(c: LintCase, dir: string): Promise<string[]> {
  const history = await loadMigrationHistory(dir);
  const result = await lintMigrations(history, { shadowUrl: serverUrl(), ...c.settings });
  const newIds = history.graph.topologicalOrder().filter((r) => c.newFiles.some((f) => r.file.endsWith(f))).map((r) => r.id);
  expect(newIds).toHaveLength(1);
  return [...new Set(result.findings.filter((f) => f.revision === newIds[0]).map((f) => f.rule))].sort();
}

async function relfilenode(client: pg.Client, table: string): Promise<string> {
  return (await client.query<{ r: string }>('SELECT relfilenode::text AS r FROM pg_class WHERE oid = $1::regclass', [table])).rows[0]?.r ?? '';
}

/*
 * The queries a tool sends for a migration file, in order. Neither golang-migrate nor Flyway can be
 * installed here (no Debian package of either; npm's Flyway wrapper downloads its binary), so
 * their sending is emulated from their sources, independently of pgdrift's code:
 * - golang-migrate, database/postgres/postgres.go Run: the whole file as one Exec; with
 *   x-multi-statement=true, database/multistmt/parse.go cuts it after every ';' byte and each
 *   piece is one Exec (a piece of only whitespace is skipped), stopping at the first that fails.
 * - Flyway, ParserSqlScript: a migration holding a statement its PostgreSQL parser takes for
 *   non-transactional runs outside a transaction, statement by statement; one that mixes it with
 *   other statements only with mixed=true (else it is refused: sent here in a transaction, where
 *   PostgreSQL refuses it too).
 *   executeInTransaction=false in its .conf runs it statement by statement.
 * - dbmate: the section in BEGIN … COMMIT, or alone with transaction:false.
 * pg's query() without parameters uses the simple query protocol, as lib/pq's and JDBC's do.
 */
function queriesOf(c: LintCase, file: string, direction: 'up' | 'down' = 'up'): string[] {
  const text = readFileSync(file, 'utf8');
  switch (c.tool) {
    case 'golang-migrate':
      return c.settings?.golangMigrateMultiStatement ? text.split(/(?<=;)/).filter((q) => q.trim() !== '') : [text];
    case 'dbmate': {
      const section = dbmateSection(text, direction) ?? '';
      return dbmateMarker(text, direction)?.options.get('transaction') === 'false' ? [section] : [`BEGIN;\n${section}\nCOMMIT;`];
    }
    case 'flyway': {
      let conf = '';
      try {
        conf = readFileSync(`${file}.conf`, 'utf8');
      } catch {
        // no script config
      }
      const statements = text.split(';').filter((x) => x.trim());
      const known = statements.filter((x) => FLYWAY_NON_TRANSACTIONAL.test(x.trim())).length;
      const mixed = c.settings?.flywayMixed ?? /mixed\s*=\s*true/.test(c.files['flyway.toml'] ?? c.files['flyway.conf'] ?? '');
      const outside = /executeInTransaction\s*=\s*false/.test(conf) || (known > 0 && (known === statements.length || mixed));
      return outside ? statements : [`BEGIN;\n${text}\nCOMMIT;`];
    }
    default:
      throw new Error('SQL tools only');
  }
}

/** The statements Flyway's PostgreSQL parser takes as non-transactional (detectCanExecuteInTransaction's patterns). */
const FLYWAY_NON_TRANSACTIONAL = /^(?:(?:CREATE|DROP) (?:DATABASE|TABLESPACE|SUBSCRIPTION)|ALTER SYSTEM|(?:CREATE|DROP)(?: UNIQUE)? INDEX CONCURRENTLY|REINDEX(?: VERBOSE)? (?:SCHEMA|DATABASE|SYSTEM)|VACUUM|DISCARD ALL)\b/i;

/** Sends the queries in order, as the tool would; the SQLSTATE of the first that fails, or null. */
async function send(client: pg.Client, queries: readonly string[]): Promise<string | null> {
  for (const q of queries) {
    try {
      await client.query(q);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      return (err as { code?: string }).code ?? 'error';
    }
  }
  return null;
}

describe('lint corpus, SQL tools, on a real server', () => {
  for (const c of SQL_CASES) {
    test(c.name, async () => {
      const dir = writeCase(c);
      let db: TestDatabase | null = null;
      try {
        expect(await rulesOf(c, dir)).toEqual([...c.expect].sort());
        if (c.failsInTool === undefined && c.failsWith === undefined && c.roundTripsInTool === undefined && c.table === undefined) return;
        db = await createTestDatabase('pgdrift_lint');
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          const base = Object.entries(c.files).find(([name]) => !c.newFiles.includes(name) && !name.includes('.down.') && !name.startsWith('U'))?.[1] ?? '';
          await client.query(c.tool === 'dbmate' ? (dbmateSection(base, 'up') ?? '') : base);
          const before = c.table ? await relfilenode(client, c.table) : '';
          const up = join(dir, c.newFiles[0] as string);
          const failed = await send(client, queriesOf(c, up));
          if (c.failsInTool !== undefined) expect(failed === '25001').toBe(c.failsInTool);
          if (c.failsWith !== undefined) expect(failed).toBe(c.failsWith);
          if (c.table && failed === null) expect((await relfilenode(client, c.table)) !== before).toBe(c.expect.includes('rewrite-table'));
          if (c.roundTripsInTool !== undefined) {
            const down = c.tool === 'golang-migrate' ? up.replace(/\.up\.sql$/, '.down.sql') : up;
            const again = failed ?? (await send(client, queriesOf(c, down, 'down'))) ?? (await send(client, queriesOf(c, up)));
            expect(again === null).toBe(c.roundTripsInTool);
          }
        } finally {
          await client.end();
        }
      } finally {
        await db?.drop();
        rmSync(dirname(dir.endsWith('migrations') ? dir : `${dir}/x`), { recursive: true, force: true });
      }
    });
  }
});

describe('lint corpus, Alembic, on a real server', () => {
  for (const c of ALEMBIC_CASES) {
    test(c.name, async () => {
      const dir = writeCase(c);
      try {
        expect(await rulesOf(c, dir)).toEqual([...c.expect].sort());
      } finally {
        rmSync(dirname(dir), { recursive: true, force: true });
      }
    });
  }
});

describe('lint corpus, Kysely (up and down as its Migrator runs them), on a real server', () => {
  for (const c of KYSELY_CASES) {
    test(c.name, async () => {
      const dir = writeCase(c);
      try {
        expect(await rulesOf(c, dir)).toEqual([...c.expect].sort());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
