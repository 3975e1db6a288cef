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
  const result = await lintMigrations(history, { shadowUrl: serverUrl() });
  const newIds = history.graph.topologicalOrder().filter((r) => c.newFiles.some((f) => r.file.endsWith(f))).map((r) => r.id);
  expect(newIds).toHaveLength(1);
  return [...new Set(result.findings.filter((f) => f.revision === newIds[0]).map((f) => f.rule))].sort();
}

async function relfilenode(client: pg.Client, table: string): Promise<string> {
  return (await client.query<{ r: string }>('SELECT relfilenode::text AS r FROM pg_class WHERE oid = $1::regclass', [table])).rows[0]?.r ?? '';
}

/** The new migration's up SQL and how its tool sends it: one query, or wrapped in BEGIN … COMMIT. */
function asTheToolSendsIt(c: LintCase, dir: string): string {
  const file = join(dir, c.newFiles[0] as string);
  const text = readFileSync(file, 'utf8');
  switch (c.tool) {
    case 'golang-migrate':
      return text; // one Exec of the whole file
    case 'dbmate': {
      const up = dbmateSection(text, 'up') ?? '';
      return dbmateMarker(text, 'up')?.options.get('transaction') === 'false' ? up : `BEGIN;\n${up}\nCOMMIT;`;
    }
    case 'flyway': {
      let conf = '';
      try {
        conf = readFileSync(`${file}.conf`, 'utf8');
      } catch {
        // no script config
      }
      // executeInTransaction=false, or a file of only CONCURRENTLY statements (Flyway detects
      // those): statement by statement, each its own query; else in a transaction.
      const onlyConcurrently = text.split(';').filter((x) => x.trim()).every((x) => /CONCURRENTLY/i.test(x));
      return /executeInTransaction\s*=\s*false/.test(conf) || onlyConcurrently ? text : `BEGIN;\n${text}\nCOMMIT;`;
    }
    default:
      throw new Error('SQL tools only');
  }
}

describe('lint corpus, SQL tools, on a real server', () => {
  for (const c of SQL_CASES) {
    test(c.name, async () => {
      const dir = writeCase(c);
      let db: TestDatabase | null = null;
      try {
        expect(await rulesOf(c, dir)).toEqual([...c.expect].sort());
        if (c.failsInTool === undefined && c.table === undefined) return;
        db = await createTestDatabase('pgdrift_lint');
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          const base = Object.entries(c.files).find(([name]) => !c.newFiles.includes(name) && !name.includes('.down.') && !name.startsWith('U'))?.[1] ?? '';
          await client.query(c.tool === 'dbmate' ? (dbmateSection(base, 'up') ?? '') : base);
          const before = c.table ? await relfilenode(client, c.table) : '';
          const sent = asTheToolSendsIt(c, dir);
          const flywayStatementWise = c.tool === 'flyway' && !sent.startsWith('BEGIN');
          // (Each statement its own query: no implicit transaction around them.)
          let failed: string | null = null;
          try {
            if (flywayStatementWise) for (const s of sent.split(';').filter((x) => x.trim())) await client.query(s);
            else await client.query(sent);
          } catch (err) {
            failed = (err as { code?: string }).code ?? 'error';
            await client.query('ROLLBACK').catch(() => {});
          }
          if (c.failsInTool !== undefined) expect(failed === '25001').toBe(c.failsInTool);
          if (c.table && failed === null) expect((await relfilenode(client, c.table)) !== before).toBe(c.expect.includes('rewrite-table'));
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
