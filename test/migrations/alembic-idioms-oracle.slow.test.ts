import { join } from 'node:path';
import { compare } from '../../src/compare/compare.js';
import { expectedSchemasAlong } from '../../src/migrations/expected-steps.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_APP, alembic, alembicAvailable } from './alembic-helpers.js';

// Real Alembic runs fixtures/alembic/idioms (revisions that inspect the database, import the
// application's helpers and let data decide DDL) one revision at a time, up and back down;
// pgdrift's expected schema after each revision must be the schema real Alembic left.
const available = await alembicAvailable();
if (!available) console.warn('Skipping the Alembic idioms oracle tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;

const FIXTURE = join(FIXTURE_APP, '..', 'idioms');
const TIMEOUT = 600_000;

/** The revisions in apply order, read from `alembic history` (newest first there). */
async function alembicOrder(url: string): Promise<string[]> {
  const lines = (await alembic(FIXTURE, ['history'], url)).trimEnd().split('\n');
  return lines.map((line) => /-> (\w+)/.exec(line)?.[1] as string).reverse();
}

/**
 * `alembic downgrade` to the state before `id` only: a merge by going down to one of its
 * parents (`merge@-1` is ambiguous), anything else one step down its own line, which leaves
 * a sibling branch applied.
 */
function downgradeTarget(id: string, parents: ReadonlyMap<string, readonly string[]>): string {
  const p = parents.get(id) ?? [];
  return p.length > 1 ? (p[0] as string) : `${id}@-1`;
}

async function differences(expected: Snapshot, actual: Snapshot): Promise<string[]> {
  return (await compare(expected, actual)).changes.map((c) => c.message);
}

const userTables = (s: Snapshot) => s.tables.map((t) => t.name).sort();

describeIf('fixtures/alembic/idioms: pgdrift expects what real Alembic builds, revision by revision (live PostgreSQL)', () => {
  let db: TestDatabase;
  let order: string[];
  /** up[n]: the schema once the first n revisions are applied by `alembic upgrade`. */
  const up: Snapshot[] = [];
  /** down[n]: the schema after `alembic downgrade` from n + 1 applied revisions to n. */
  const down: Snapshot[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('pgdrift_idioms');
    order = await alembicOrder(db.url);
    const parents = new Map<string, string[]>();
    for (const line of (await alembic(FIXTURE, ['history'], db.url)).trimEnd().split('\n')) {
      const m = /^(.*?) -> (\w+)/.exec(line) as RegExpExecArray;
      parents.set(m[2] as string, (m[1] as string).split(', ').filter((p) => p !== '<base>'));
    }
    up.push(await snapshotDatabase(db.url));
    for (const id of order) {
      await alembic(FIXTURE, ['upgrade', id], db.url);
      up.push(await snapshotDatabase(db.url));
    }
    for (let n = order.length; n > 0; n--) {
      await alembic(FIXTURE, ['downgrade', downgradeTarget(order[n - 1] as string, parents)], db.url);
      down[n - 1] = await snapshotDatabase(db.url);
    }
  }, TIMEOUT);

  afterAll(async () => {
    await db?.drop();
  });

  test('real Alembic applies every revision, and each downgrade gives back the schema before it', async () => {
    expect(order).toHaveLength(20);
    // The comparisons below see real tables, not empty databases.
    expect(userTables(up[1] as Snapshot)).toEqual(['user']);
    expect(userTables(up.at(-1) as Snapshot)).toEqual(['audit_log', 'chat', 'document', 'folder', 'notes', 'old_note', 'prompt', 'retired', 'tag', 'tasks', 'user', 'user_setting']);
    for (let n = 0; n < order.length; n++) {
      expect({ step: n, changes: await differences(up[n] as Snapshot, down[n] as Snapshot) }).toEqual({ step: n, changes: [] });
    }
  }, TIMEOUT);

  test("pgdrift's expected schema after every revision is the one real Alembic's upgrade left", async () => {
    const history = await loadMigrationHistory(FIXTURE);
    const path = history.graph.pathTo(history.graph.heads());
    expect(path.map((r) => r.id)).toEqual(order);
    const steps = await expectedSchemasAlong(history, path, { cacheDir: null });
    expect(steps).toHaveLength(order.length + 1);
    for (const [n, step] of steps.entries()) {
      const label = step.revision?.id ?? 'base';
      expect({ label, changes: await differences(step.snapshot, up[n] as Snapshot) }).toEqual({ label, changes: [] });
    }
  }, TIMEOUT);

  test("real Alembic's downgrade of each revision leaves pgdrift's expected schema before it", async () => {
    const history = await loadMigrationHistory(FIXTURE);
    const steps = await expectedSchemasAlong(history, history.graph.pathTo(history.graph.heads()), { cacheDir: null });
    for (let n = order.length - 1; n >= 0; n--) {
      const label = `downgrade ${order[n]}`;
      expect({ label, changes: await differences((steps[n] as { snapshot: Snapshot }).snapshot, down[n] as Snapshot) }).toEqual({ label, changes: [] });
    }
  }, TIMEOUT);
});
