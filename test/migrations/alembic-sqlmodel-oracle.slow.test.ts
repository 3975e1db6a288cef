import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/db.js';
import { FIXTURE_APP, alembic, alembicAvailable, pythonHas } from './alembic-helpers.js';

// SQLModel's autogenerate names its own column types in revisions; real Alembic with SQLModel
// installed builds the schema pgdrift must expect (fixtures/alembic/sqlmodel).
const available = (await alembicAvailable()) && (await pythonHas('sqlmodel'));
if (!available) process.stderr.write('alembic-sqlmodel-oracle: python3 with alembic, sqlalchemy, psycopg2 and sqlmodel is not available; skipping\n');
const maybe = available ? test : test.skip;
const FIXTURE = join(FIXTURE_APP, '..', 'sqlmodel');

maybe("AutoString and UTCDateTime: the schema real Alembic builds is the one pgdrift expects", async () => {
  const db = await createTestDatabase('pgdrift_sqlmodel');
  try {
    await alembic(FIXTURE, ['upgrade', 'head'], db.url);
    const check = await runCli(['check', '--db', db.url, '--migrations', join(FIXTURE, 'migrations'), '--format', 'json', '--no-cache']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const snapshot = await runCli(['snapshot', '--migrations', join(FIXTURE, 'migrations'), '--no-cache']);
    const hero = (JSON.parse(snapshot.stdout) as { tables: { name: string; columns: { name: string; type: string; collation: string | null }[] }[] }).tables.find((t) => t.name === 'hero');
    // What each type is on PostgreSQL, so that a check agreeing with a wrong reading cannot pass.
    expect(hero?.columns.map((c) => [c.name, c.type, c.collation])).toEqual([
      ['name', 'character varying', null],
      ['secret_name', 'character varying(255)', null],
      ['motto', 'character varying(40)', '"C"'],
      ['seen_at', 'timestamp with time zone', null],
      ['id', 'integer', null],
    ]);
  } finally {
    await db.drop();
  }
}, 120_000);
