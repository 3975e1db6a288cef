import pg from 'pg';
import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * Another session creates and drops tables, indexes, constraints, views and sequences in a
 * loop while snapshots are taken: a snapshot must never fail for it (the catalog functions
 * that deparse an object look it up in the server's current catalog, not in the snapshot's,
 * and so once raised `cache lookup failed for index N`), and each snapshot must be one
 * consistent picture: a stable table described in full, a churned table either whole or absent.
 */
const SNAPSHOTS = 30;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('pgdrift_churn');
  await db.exec(`
    CREATE TABLE stable (id int PRIMARY KEY, code text UNIQUE, CHECK (id > 0));
    CREATE INDEX stable_code_lower ON stable (lower(code)) WHERE id > 10;
  `);
});

afterAll(async () => {
  await db?.drop();
});

/** One round of the churn: every object kind whose deparse function reads the current catalog. */
function churnSql(i: number): string {
  return `
    CREATE TABLE churn_${i} (id int PRIMARY KEY, ref int REFERENCES stable (id), code text, n int DEFAULT (1 + 1) CHECK (n > 0),
                             UNIQUE (code) INCLUDE (id), EXCLUDE USING btree (n WITH =));
    CREATE INDEX churn_${i}_expr ON churn_${i} (lower(code)) WHERE n > 1;
    CREATE VIEW churn_${i}_v AS SELECT id, lower(code) FROM churn_${i} WHERE n > 0;
    CREATE FUNCTION churn_${i}_f(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1';
    CREATE TRIGGER churn_${i}_t BEFORE INSERT ON churn_${i} FOR EACH ROW WHEN (NEW.n > 1) EXECUTE FUNCTION suppress_redundant_updates_trigger();
    CREATE POLICY churn_${i}_p ON churn_${i} USING (n > 0);
    DROP INDEX churn_${i}_expr;
    DROP TABLE churn_${i} CASCADE;
    DROP FUNCTION churn_${i}_f(int);
  `;
}

it(`takes ${SNAPSHOTS} consistent snapshots while another session creates and drops tables`, async () => {
  const churner = new pg.Client({ connectionString: db.url });
  churner.on('error', () => {});
  await churner.connect();
  let stop = false;
  let rounds = 0;
  // Each statement commits on its own (no transaction around the round), so that the catalog
  // changes as often as it can while the snapshots read it.
  const churn = (async () => {
    while (!stop) {
      for (const statement of churnSql(rounds).split(';').filter((s) => s.trim() !== '')) await churner.query(statement);
      rounds++;
    }
  })();
  const failures: string[] = [];
  try {
    for (let i = 0; i < SNAPSHOTS; i++) {
      try {
        const snap = await snapshotDatabase(db.url, { connections: i % 3 === 0 ? 1 : 2 });
        expect(snap.tables.find((t) => t.name === 'stable')?.columns.map((c) => c.name)).toEqual(['id', 'code']);
        expect(snap.indexes.filter((x) => x.table === 'stable').map((x) => x.name).sort()).toEqual([
          'stable_code_key',
          'stable_code_lower',
          'stable_pkey',
        ]);
        for (const t of snap.tables.filter((x) => x.name.startsWith('churn_'))) {
          expect(snap.indexes.filter((x) => x.table === t.name).length).toBeGreaterThanOrEqual(3);
          expect(snap.constraints.filter((x) => x.table === t.name).length).toBe(5);
        }
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  } finally {
    stop = true;
    await churn;
    await churner.end();
  }
  expect(rounds).toBeGreaterThan(0);
  expect(failures).toEqual([]);
}, 300_000);
