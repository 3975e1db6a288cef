import pg from 'pg';
import { compare } from '../../src/compare/compare.js';
import { loadAlembicProject, type AlembicProject } from '../../src/migrations/alembic/project.js';
import type { MigrationStatement } from '../../src/migrations/migration-statement.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { join } from 'node:path';
import { FIXTURE_APP, alembic, alembicAvailable } from './alembic-helpers.js';

// Real Alembic applies the fixture history to one database, pgdrift's Python-free statements
// to another; at every revision both must hold the same schema.
const available = await alembicAvailable();
if (!available) console.warn('Skipping Alembic fidelity tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;

const TIMEOUT = 600_000;

/** Applies statements as Alembic does: in a transaction, except those of an autocommit block. */
async function apply(url: string, statements: readonly MigrationStatement[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let inTransaction = false;
  try {
    for (const s of statements) {
      if (s.transactional && !inTransaction) {
        await client.query('BEGIN');
        inTransaction = true;
      } else if (!s.transactional && inTransaction) {
        await client.query('COMMIT');
        inTransaction = false;
      }
      try {
        await client.query(s.sql);
      } catch (error) {
        throw new Error(`${s.file}:${s.line}: ${(error as Error).message}\n${s.sql}`);
      }
    }
    if (inTransaction) await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

async function expectSameSchema(real: TestDatabase, ours: TestDatabase, label: string): Promise<number> {
  const [expected, actual] = await Promise.all([snapshotDatabase(real.url), snapshotDatabase(ours.url)]);
  const diff = await compare(expected, actual);
  expect({ label, changes: diff.changes.map((c) => c.message) }).toEqual({ label, changes: [] });
  return expected.tables.filter((t) => t.name !== 'alembic_version').length;
}

/** Per fixture: tables at the first revision and at head, downgrade comparisons possible. */
const CASES = [
  { name: 'app', firstTables: 1, headTables: 8, downgradeComparisons: 12 },
  { name: 'constructs', firstTables: 2, headTables: 4, downgradeComparisons: 2 },
];

describeIf.each(CASES)('pgdrift statements give the schema real Alembic gives (fixtures/alembic/$name, live PostgreSQL)', ({ name, firstTables, headTables, downgradeComparisons }) => {
  const FIXTURE = name === 'app' ? FIXTURE_APP : join(FIXTURE_APP, '..', name);
  let project: AlembicProject;
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    project = await loadAlembicProject(FIXTURE);
  });

  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });

  test('upgrade to every revision', async () => {
    const tableCounts: number[] = [];
    for (const revision of project.graph.topologicalOrder()) {
      const real = await createTestDatabase('pgdrift_alembic_real');
      const ours = await createTestDatabase('pgdrift_alembic_ours');
      databases.push(real, ours);
      await alembic(FIXTURE, ['upgrade', revision.id], real.url);
      await apply(ours.url, project.upgradeStatementsTo(revision.id));
      tableCounts.push(await expectSameSchema(real, ours, `upgrade ${revision.id}`));
      await Promise.all([real.drop(), ours.drop()]);
    }
    // The comparison saw real tables, not two empty databases.
    expect(tableCounts[0]).toBe(firstTables);
    expect(tableCounts[tableCounts.length - 1]).toBe(headTables);
  }, TIMEOUT);

  test('downgrade from head to base, one revision at a time', async () => {
    const real = await createTestDatabase('pgdrift_alembic_real');
    const ours = await createTestDatabase('pgdrift_alembic_ours');
    databases.push(real, ours);
    await alembic(FIXTURE, ['upgrade', 'head'], real.url);
    await apply(ours.url, project.upgradeStatementsTo());
    await expectSameSchema(real, ours, 'head');

    // Revert in reverse topological order. `alembic downgrade X` reverts every applied
    // descendant of X, so whenever some X reverts exactly what pgdrift reverted since the last
    // comparison, real Alembic is brought to the same point and both schemas compared.
    const order = [...project.graph.topologicalOrder()].reverse();
    const applied = new Set(order.map((r) => r.id));
    let realApplied = new Set(applied);
    let comparisons = 0;
    for (const revision of order) {
      await apply(ours.url, revision.downgradeStatements());
      applied.delete(revision.id);
      const reverted = [...realApplied].filter((id) => !applied.has(id)).sort().join(',');
      const target =
        applied.size === 0
          ? 'base'
          : [...applied].sort().find((x) => [...project.graph.descendants(x)].filter((d) => realApplied.has(d)).sort().join(',') === reverted);
      if (target === undefined) continue;
      await alembic(FIXTURE, ['downgrade', target], real.url);
      await expectSameSchema(real, ours, `downgrade to ${target}`);
      realApplied = new Set(applied);
      comparisons++;
    }
    // Every revision was compared on its own, except a branch reverted alone (app).
    expect(comparisons).toBe(downgradeComparisons);
    expect(applied.size).toBe(0);
  }, TIMEOUT);
});
