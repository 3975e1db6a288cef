import { runCli } from '../helpers/cli.js';
import { LEDGER_PROJECT } from '../diagnose/support/blind-projects.js';
import { alembic, alembicAvailable } from './alembic-helpers.js';

// A revision that depends_on another branch: `alembic history` prints the dependency after its
// down_revision, and keeps the other branch's label off it.
const available = await alembicAvailable();
if (!available) console.warn('Skipping the depends_on history oracle: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const testIf = available ? test : test.skip;

testIf('pgdrift history prints what alembic history prints for fixtures/alembic/blind-ledger', async () => {
  const [ours, theirs] = await Promise.all([runCli(['history', '--migrations', LEDGER_PROJECT]), alembic(LEDGER_PROJECT, ['history'], 'postgresql://offline@localhost/offline')]);
  expect(ours.stdout).toBe(theirs);
  expect(theirs).toContain('2024_01_20_entries (2024_02_01_profile) -> 2024_02_03_audit, audit schema');
});
