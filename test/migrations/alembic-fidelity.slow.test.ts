import { compare } from '../../src/compare/compare.js';
import { alembicHistory } from '../../src/migrations/alembic/history.js';
import { readExpected } from '../../src/migrations/expected-schema.js';
import { expectedSchemasAlong, type ExpectedStep } from '../../src/migrations/expected-steps.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/db.js';
import { join } from 'node:path';
import { FIXTURE_APP, alembic, alembicAvailable } from './alembic-helpers.js';

// Real Alembic applies the fixture history to one database, pgdrift's Python-free statements
// to another; at every revision both must hold the same schema.
const available = await alembicAvailable();
if (!available) console.warn('Skipping Alembic fidelity tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;

const TIMEOUT = 600_000;

async function expectSameSchema(real: TestDatabase, ours: Snapshot, label: string): Promise<number> {
  const [expected, actual] = [await snapshotDatabase(real.url), ours];
  const diff = await compare(expected, actual);
  expect({ label, changes: diff.changes.map((c) => c.message) }).toEqual({ label, changes: [] });
  return expected.tables.filter((t) => t.name !== 'alembic_version').length;
}

/** Per fixture: tables at the first revision and at head, downgrade comparisons possible. */
const CASES = [
  { name: 'app', firstTables: 1, headTables: 8 },
  { name: 'constructs', firstTables: 3, headTables: 5 },
];

describeIf.each(CASES)('pgdrift statements give the schema real Alembic gives (fixtures/alembic/$name, live PostgreSQL)', ({ name, firstTables, headTables }) => {
  const FIXTURE = name === 'app' ? FIXTURE_APP : join(FIXTURE_APP, '..', name);
  let history: Awaited<ReturnType<typeof alembicHistory>>;
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    history = await alembicHistory(FIXTURE);
  });

  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });

  test('upgrade to every revision', async () => {
    const order = history.graph.topologicalOrder();
    const ours = await expectedSchemasAlong(history, order, { cacheDir: null, shadowUrl: serverUrl() });
    const tableCounts: number[] = [];
    const real = await createTestDatabase('pgdrift_alembic_real');
    databases.push(real);
    for (const [i, revision] of order.entries()) {
      await alembic(FIXTURE, ['upgrade', revision.id], real.url);
      tableCounts.push(await expectSameSchema(real, (ours[i + 1] as ExpectedStep).snapshot, `upgrade ${revision.id}`));
    }
    // The comparison saw real tables, not two empty databases.
    expect(tableCounts[0]).toBe(firstTables);
    expect(tableCounts[tableCounts.length - 1]).toBe(headTables);
  }, TIMEOUT);

  test('downgrade of every revision gives the schema real Alembic leaves', async () => {
    // Each revision: real Alembic upgrades to it, then downgrades that one revision; pgdrift
    // replays its history, runs its downgrade() on the same schema, and both are compared.
    let comparisons = 0;
    // A merge revision has no single revision to go down to: its branches are compared on their own.
    const singles = history.graph.topologicalOrder().filter((r) => r.parents.length <= 1);
    for (const revision of singles) {
      const real = await createTestDatabase('pgdrift_alembic_real');
      databases.push(real);
      await alembic(FIXTURE, ['upgrade', revision.id], real.url);
      await alembic(FIXTURE, ['downgrade', revision.parents[0] ?? 'base'], real.url);
      let ours: Snapshot | null = null;
      await history.replayer.downgradeStatements(revision.id, { shadowUrl: serverUrl() }, async (shadow) => {
        ours = await readExpected(shadow, history, `downgrade ${revision.id}`, {});
      });
      await expectSameSchema(real, ours as unknown as Snapshot, `downgrade of ${revision.id}`);
      await real.drop();
      comparisons++;
    }
    expect(comparisons).toBe(singles.length);
    expect(comparisons).toBeGreaterThan(1);
  }, TIMEOUT);
});
