import { join } from 'node:path';
import { loadAlembicProject } from '../../src/migrations/alembic/project.js';
import { AlembicReplayer } from '../../src/migrations/alembic/replay.js';
import { serverUrl } from '../helpers/db.js';
import { parseOfflineSql } from '../../src/migrations/alembic/offline-sql.js';
import { FIXTURE_APP, FIXTURES, alembic, alembicAvailable } from './alembic-helpers.js';

// Real Alembic's offline mode prints the SQL it would run; the interpreter must print the same.
const available = await alembicAvailable();
if (!available) console.warn('Skipping Alembic offline oracle tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;

const OFFLINE_URL = 'postgresql://offline@localhost/offline';

/**
 * Alembic creates a new table's indexes by iterating `table.indexes`, a Python set: their
 * order changes from run to run. Runs of consecutive CREATE INDEX statements are sorted.
 */
function stableIndexOrder(sql: readonly string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  for (const s of sql) {
    if (/^CREATE (UNIQUE )?INDEX /.test(s)) run.push(s);
    else {
      flush();
      out.push(s);
    }
  }
  flush();
  return out;
}

describeIf.each(FIXTURES)('interpreter output equals `alembic … --sql` (fixtures/alembic/%s)', (name) => {
  const dir = name === 'app' ? FIXTURE_APP : join(FIXTURE_APP, '..', name);

  test('upgrade, every revision', async () => {
    const project = await loadAlembicProject(dir);
    const replayer = new AlembicReplayer(project);
    const script = parseOfflineSql(await alembic(dir, ['upgrade', 'base:head', '--sql'], OFFLINE_URL), 'upgrade.sql');
    expect(script.steps.map((s) => s.revision).sort()).toEqual(project.graph.topologicalOrder().map((r) => r.id).sort());
    for (const step of script.steps) {
      const ours = await replayer.upgradeStatements(step.revision, { shadowUrl: serverUrl() });
      expect({ revision: step.revision, sql: stableIndexOrder(ours.map((s) => s.sql)) }).toEqual({
        revision: step.revision,
        sql: stableIndexOrder(step.statements.map((s) => s.sql)),
      });
      expect(ours.map((s) => s.transactional)).toEqual(step.statements.map((s) => s.transactional));
    }
  }, 600_000);

  test('downgrade, every revision', async () => {
    const project = await loadAlembicProject(dir);
    const replayer = new AlembicReplayer(project);
    const script = parseOfflineSql(await alembic(dir, ['downgrade', 'head:base', '--sql'], OFFLINE_URL), 'downgrade.sql');
    expect(script.steps).toHaveLength(project.graph.size);
    for (const step of script.steps) {
      const ours = await replayer.downgradeStatements(step.revision, { shadowUrl: serverUrl() });
      expect({ revision: step.revision, sql: ours.map((s) => s.sql) }).toEqual({ revision: step.revision, sql: step.statements.map((s) => s.sql) });
      expect(ours.map((s) => s.transactional)).toEqual(step.statements.map((s) => s.transactional));
    }
  }, 600_000);
});
