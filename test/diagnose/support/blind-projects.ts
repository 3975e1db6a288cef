import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../../src/diagnose/diagnose.js';
import type { Diagnosis } from '../../../src/diagnose/diagnosis.js';
import { checkMigrations } from '../../../src/migrations/check-migrations.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../helpers/db.js';
import { diagnosisValidator } from './remedies.js';
import { opLine } from './revision-file.js';
import { alembicSucceeds } from './tool-run.js';
import { withClient } from './with-client.js';

/**
 * The two Alembic projects written for `pgdrift diagnose` in styles the other fixtures lack
 * (see their README.md): revision ids that are not hex, files not named after them, a merge,
 * `depends_on`, a non-public schema, batch operations, raw multi-statement SQL, autocommit blocks.
 */
export const LEDGER_PROJECT = fileURLToPath(new URL('../../../fixtures/alembic/blind-ledger', import.meta.url));
export const LEDGER_MIGRATIONS = join(LEDGER_PROJECT, 'migrations');
export const CATALOG_PROJECT = fileURLToPath(new URL('../../../fixtures/alembic/blind-catalog', import.meta.url));
export const CATALOG_MIGRATIONS = join(CATALOG_PROJECT, 'migrations');

/** The ledger's revisions and their files (which do not start with the id). */
export const LEDGER = {
  accounts: { id: '2024_01_15_accounts', file: '20240115_accounts.py' },
  entries: { id: '2024_01_20_entries', file: '20240120_entries.py' },
  /** Branch one: batch_alter_table on accounts. */
  profile: { id: '2024_02_01_profile', file: '20240201_account_profile.py' },
  /** Branch two: the `audit` schema; `depends_on` the profile revision. */
  audit: { id: '2024_02_03_audit', file: '20240203_audit_schema.py' },
  merge: { id: '2024_02_10_merge', file: '20240210_merge.py' },
  /** An enum value, `COMMIT`, then ops that can fail on the data (a unique index over duplicates). */
  states: { id: '2024_03_01_states', file: '20240301_entry_states.py' },
  /** A column renamed, then retyped with `postgresql_using` (fails on a tier that is no number). */
  tier: { id: '2024_03_15_tier', file: '20240315_tier_level.py' },
  statements: { id: '2024_04_02_statements', file: '20240402_statements.py' },
  /** `ADD VALUE`, `COMMIT`, a column added, backfilled, then SET NOT NULL (fails on a row the backfill skips). */
  due: { id: '2024_05_01_due', file: '20240501_statement_due.py' },
} as const;

export const LEDGER_HEAD = LEDGER.due.id;

export const CATALOG = {
  products: { id: 'cat001', file: 'a_products.py' },
  orders: { id: 'cat002', file: 'b_orders.py' },
  searchIndexes: { id: 'cat003', file: 'c_search_indexes.py' },
  reshape: { id: 'cat004', file: 'd_reshape.py' },
  totalsView: { id: 'cat005', file: 'e_order_totals_view.py' },
  /** A column, then an autocommit block whose unique index CONCURRENTLY can fail on duplicates. */
  uniqueSku: { id: 'cat006', file: 'f_unique_sku.py' },
  pickups: { id: 'cat007', file: 'g_bookings.py' },
} as const;

type Revision = { readonly id: string; readonly file: string };

export const ledgerFile = (r: Revision) => join(LEDGER_MIGRATIONS, 'versions', r.file);
export const catalogFile = (r: Revision) => join(CATALOG_MIGRATIONS, 'versions', r.file);

/** An origin as `Diagnosis.drift[].origin` gives it, the line read from the file. */
export function originIn(migrations: string, r: Revision, needle: string): { revision: string; file: string; line: number } {
  const file = join(migrations, 'versions', r.file);
  return { revision: r.id, file, line: opLine(file, needle) };
}

/** A fresh database that real Alembic brought to `revision` of `project`, then `rows` written. */
export async function migrated(project: string, revision: string, rows = ''): Promise<TestDatabase> {
  const db = await createTestDatabase('pgdrift_blind');
  try {
    await alembicSucceeds(project, ['upgrade', revision], db.url);
    if (rows) await db.exec(rows);
    return db;
  } catch (err) {
    await db.drop();
    throw err;
  }
}

/** A copy of `db` (its state, rows and version table), to try a second remedy on. */
export async function copyOf(db: TestDatabase): Promise<TestDatabase> {
  const copy = await createTestDatabase('pgdrift_blind_copy');
  await withClient(serverUrl(), async (admin) => {
    await admin.query(`DROP DATABASE "${copy.name}"`);
    await admin.query(`CREATE DATABASE "${copy.name}" TEMPLATE "${db.name}"`);
  });
  return copy;
}

/** What a diagnosis says, in the terms the tests state their truth in (ids sorted, files absolute). */
export function summary(d: Diagnosis): unknown {
  const ids = (list: readonly { id: string }[]) => list.map((o) => o.id).sort();
  return {
    state: d.state,
    recorded: [...d.recorded].sort(),
    bestMatch: d.bestMatch.revision,
    partial: d.partial && { revision: d.partial.revision, applied: ids(d.partial.applied), missing: ids(d.partial.missing), invalid: ids(d.partial.invalid) },
    drift: [...d.drift]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((c) => ({ id: c.id, kind: c.kind, origin: c.origin && { revision: c.origin.revision, file: resolve(c.origin.file), line: c.origin.line } })),
  };
}

/** `pgdrift check --migrations` finds the database exactly at `revision`, as recorded (later revisions may be pending). */
export async function expectClean(db: TestDatabase, migrations: string, revision: string, because: string): Promise<void> {
  const check = await checkMigrations(db.url, migrations, { cacheDir: null });
  expect({ because, current: check.migrations.current, findings: check.findings.filter((f) => f.state !== 'behind'), changes: check.schema?.changes }).toEqual({
    because,
    current: [revision],
    findings: [],
    changes: [],
  });
}

/**
 * What a test file of one project needs: databases real Alembic migrated (dropped after the
 * file's tests), copies of them, and diagnoses checked against schemas/diagnose.schema.json.
 */
export function blindProject(project: string, migrations: string, timeout: number) {
  const validate = diagnosisValidator();
  const tested: TestDatabase[] = [];
  afterAll(() => Promise.all(tested.map((db) => db.drop())), timeout);
  return {
    async diagnosed(db: TestDatabase): Promise<Diagnosis> {
      const d = await diagnose(db.url, migrations, { cacheDir: null });
      expect(validate(d)).toBeNull();
      return d;
    },
    async database(revision: string, rows = ''): Promise<TestDatabase> {
      const db = await migrated(project, revision, rows);
      tested.push(db);
      return db;
    },
    async copy(db: TestDatabase): Promise<TestDatabase> {
      const c = await copyOf(db);
      tested.push(c);
      return c;
    },
  };
}
