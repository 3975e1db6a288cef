import { createTestDatabase } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { LEDGER, LEDGER_PROJECT } from '../diagnose/support/blind-projects.js';
import { alembicSucceeds } from '../diagnose/support/tool-run.js';
import { alembic, alembicAvailable } from './alembic-helpers.js';

// A revision that depends_on another branch: `alembic history` prints the dependency after its
// down_revision and keeps the other branch's label off it; the version table keeps only the
// dependent's row, and `alembic current` lists the dependency beside it.
const available = await alembicAvailable();
if (!available) console.warn('Skipping the depends_on oracle: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const testIf = available ? test : test.skip;
const TIMEOUT = 120_000;

testIf('pgdrift history prints what alembic history prints for fixtures/alembic/blind-ledger', async () => {
  const [ours, theirs] = await Promise.all([runCli(['history', '--migrations', LEDGER_PROJECT]), alembic(LEDGER_PROJECT, ['history'], 'postgresql://offline@localhost/offline')]);
  expect(ours.stdout).toBe(theirs);
  expect(theirs).toContain('2024_01_20_entries (2024_02_01_profile) -> 2024_02_03_audit, audit schema');
}, TIMEOUT);

testIf('pgdrift current lists the dependency the version table leaves implied, as alembic current does', async () => {
  const db = await createTestDatabase('pgdrift_depends_on');
  try {
    await alembicSucceeds(LEDGER_PROJECT, ['upgrade', LEDGER.audit.id], db.url);
    const [ours, theirs] = await Promise.all([runCli(['current', '--db', db.url, '--migrations', LEDGER_PROJECT]), alembic(LEDGER_PROJECT, ['current'], db.url)]);
    // Alembic prints them from a Python set: compare as sets.
    const lines = (text: string) => text.trimEnd().split('\n').sort();
    expect(lines(ours.stdout)).toEqual(lines(theirs));
    expect(lines(ours.stdout)).toEqual([LEDGER.profile.id, LEDGER.audit.id].sort());
  } finally {
    await db.drop();
  }
}, TIMEOUT);
