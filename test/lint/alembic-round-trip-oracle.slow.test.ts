import { rmSync } from 'node:fs';
import pg from 'pg';
import { dirname } from 'node:path';
import { compare } from '../../src/compare/compare.js';
import { lintMigrations } from '../../src/lint/lint.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { alembic, alembicAvailable } from '../migrations/alembic-helpers.js';
import { createTestDatabase } from '../helpers/db.js';
import { pgdriftVerdict, type RoundTripVerdict, ALEMBIC_CASES, writeCase } from './lint-cases.js';

/*
 * The oracle for lint's round trip: real Alembic runs each case's new revision up, down and up
 * again on PostgreSQL (each step its own `alembic` command), and the verdict it leads to must be
 * the one pgdrift reached on the embedded shadow without Python.
 */

const available = await alembicAvailable();
if (!available) process.stderr.write('alembic-round-trip-oracle: python3 with alembic, sqlalchemy and psycopg2 is not available; skipping the real-Alembic round trips\n');
const maybe = available ? describe : describe.skip;

async function succeeds(step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch {
    return false;
  }
}

async function relfilenode(url: string, table: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ r: string }>('SELECT relfilenode::text AS r FROM pg_class WHERE oid = $1::regclass', [table])).rows[0]?.r ?? '';
  } finally {
    await client.end();
  }
}

/**
 * What real Alembic does with b3: upgrade, downgrade to a2, upgrade again, with the schemas
 * compared; and whether the upgrade gave `table` new storage (rewrote it).
 */
async function realVerdict(project: string, url: string, table: string | undefined, rewrites: { value: boolean | null }): Promise<RoundTripVerdict> {
  await alembic(project, ['upgrade', 'a2'], url);
  const before = await snapshotDatabase(url);
  const storage = table ? await relfilenode(url, table) : null;
  if (!(await succeeds(() => alembic(project, ['upgrade', 'b3'], url)))) return 'upgrade fails';
  if (table) rewrites.value = (await relfilenode(url, table)) !== storage;
  const after = await snapshotDatabase(url);
  if (!(await succeeds(() => alembic(project, ['downgrade', 'a2'], url)))) return 'downgrade fails';
  const left = (await compare(before, await snapshotDatabase(url), { renameHints: false })).changes.filter(
    (c) => !(c.kind === 'changed' && c.objectType === 'constraint' && Object.keys(c.expected ?? {}).join() === 'validated'),
  );
  if (left.length > 0) return 'downgrade leaves a difference';
  if (!(await succeeds(() => alembic(project, ['upgrade', 'b3'], url)))) return 'upgrade again fails';
  const again = (await compare(after, await snapshotDatabase(url), { renameHints: false })).changes;
  return again.length > 0 ? 'upgrade again differs' : 'clean';
}

maybe('lint round trips equal real Alembic up-down-up on PostgreSQL', () => {
  // The second-head case has no single `downgrade a2` to compare.
  for (const c of ALEMBIC_CASES.filter((x) => !x.expect.includes('multiple-heads'))) {
    test(c.name, async () => {
      const dir = writeCase(c);
      const db = await createTestDatabase('pgdrift_lint_oracle');
      try {
        const rewrites = { value: null as boolean | null };
        const real = await realVerdict(dirname(dir), db.url, c.table, rewrites);
        const result = await lintMigrations(await loadMigrationHistory(dir));
        const rules = new Set(result.findings.filter((f) => f.revision === 'b3').map((f) => f.rule));
        expect(pgdriftVerdict(rules)).toBe(real);
        // A rewrite claimed exactly when real Alembic's upgrade gave the table new storage.
        if (rewrites.value !== null) expect(rules.has('rewrite-table')).toBe(rewrites.value);
      } finally {
        await db.drop();
        rmSync(dirname(dir), { recursive: true, force: true });
      }
    });
  }
});
