import { join } from 'node:path';
import { versionFix } from '../../src/diagnose/version-fix.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import type { MigrationHistory } from '../../src/migrations/history.js';
import type { RecordedState } from '../../src/migrations/version-table/recorded-state.js';
import { repoRoot } from '../helpers/cli.js';

const at = (...versions: string[]): RecordedState => ({ table: { schema: 'public', name: 'v' }, versions, failed: [], baseline: null });
const upTo = (h: MigrationHistory, id: string | null): string[] => (id === null ? [] : h.graph.pathTo(id).map((r) => r.id));

describe('Alembic: rows are the tips of what is applied', () => {
  let h: MigrationHistory;
  beforeAll(async () => {
    h = await loadMigrationHistory(join(repoRoot, 'fixtures', 'alembic', 'app', 'migrations'));
  });

  test('one revision further: the row moves, as `alembic stamp` does', () => {
    expect(versionFix(h, 'public.alembic_version', at('a3b4c5d6e7f8'), upTo(h, 'b4c5d6e7f809'))).toEqual({
      command: 'alembic stamp b4c5d6e7f809',
      sql: [`DELETE FROM public.alembic_version WHERE version_num IN ('a3b4c5d6e7f8')`, `INSERT INTO public.alembic_version (version_num) VALUES ('b4c5d6e7f809')`],
    });
  });

  test('already recorded: nothing to do', () => {
    expect(versionFix(h, 'public.alembic_version', at('a3b4c5d6e7f8'), upTo(h, 'a3b4c5d6e7f8'))).toBeNull();
  });

  test('both branches before the merge: two rows', () => {
    const applied = [...new Set([...upTo(h, '8192a3b4c5d6'), ...upTo(h, '92a3b4c5d6e7')])];
    expect(versionFix(h, 'public.alembic_version', at('708192a3b4c5'), applied)?.sql).toEqual([
      `DELETE FROM public.alembic_version WHERE version_num IN ('708192a3b4c5')`,
      `INSERT INTO public.alembic_version (version_num) VALUES ('8192a3b4c5d6'), ('92a3b4c5d6e7')`,
    ]);
  });

  test('down the graph, as `alembic stamp` moves by itself; a revision the code lacks needs --purge', () => {
    expect(versionFix(h, 'public.alembic_version', at('d6e7f8091a2b'), upTo(h, '708192a3b4c5'))?.command).toBe('alembic stamp 708192a3b4c5');
    expect(versionFix(h, 'public.alembic_version', at('0badc0ffee00'), upTo(h, '708192a3b4c5'))?.command).toBe('alembic stamp --purge 708192a3b4c5');
    expect(versionFix(h, 'public.alembic_version', at('d6e7f8091a2b'), [])).toEqual({
      command: 'alembic stamp base',
      sql: [`DELETE FROM public.alembic_version WHERE version_num IN ('d6e7f8091a2b')`],
    });
  });
});

describe('golang-migrate: one row, the version and its dirty flag', () => {
  let h: MigrationHistory;
  beforeAll(async () => {
    h = await loadMigrationHistory(join(repoRoot, 'fixtures', 'migrations', 'golang-migrate'));
  });
  const dirty = (v: string): RecordedState => ({ ...at(v), failed: [{ version: v, detail: 'dirty' }] });

  test('force the version, clearing dirty', () => {
    expect(versionFix(h, 'public.schema_migrations', dirty('2'), ['1', '2'])).toEqual({
      command: `migrate -path ${h.dir} -database "$DATABASE_URL" force 2`,
      sql: ['UPDATE public.schema_migrations SET version = 2, dirty = false'],
    });
    expect(versionFix(h, 'public.schema_migrations', dirty('2'), ['1'])?.sql).toEqual(['UPDATE public.schema_migrations SET version = 1, dirty = false']);
    expect(versionFix(h, 'public.schema_migrations', dirty('1'), [])?.sql).toEqual(['DELETE FROM public.schema_migrations']);
    expect(versionFix(h, 'public.schema_migrations', at('2'), ['1', '2'])).toBeNull();
  });
});

test('dbmate and Kysely record each migration: rows added and removed', async () => {
  const dbmate = await loadMigrationHistory(join(repoRoot, 'fixtures', 'migrations', 'dbmate'));
  const [a, b, c] = dbmate.graph.topologicalOrder().map((r) => r.id);
  expect(versionFix(dbmate, 'public.schema_migrations', at(a as string), [a as string, b as string])?.sql).toEqual([`INSERT INTO public.schema_migrations (version) VALUES ('${b}')`]);
  expect(versionFix(dbmate, 'public.schema_migrations', at(a as string, b as string, c as string), [a as string])?.sql).toEqual([
    `DELETE FROM public.schema_migrations WHERE version IN ('${b}', '${c}')`,
  ]);
  const kysely = await loadMigrationHistory(join(repoRoot, 'fixtures', 'migrations', 'kysely'));
  const first = kysely.graph.topologicalOrder()[0]?.id as string;
  const fix = versionFix(kysely, 'public.kysely_migration', at(), [first]);
  expect(fix?.command).toBeNull();
  expect(fix?.sql[0]).toMatch(new RegExp(`^INSERT INTO public\\.kysely_migration \\(name, timestamp\\) VALUES \\('${first}', to_char\\(now\\(\\)`));
});

test('Flyway: a failed run is marked successful (finished by hand) or removed (reverted), as `flyway repair` does', async () => {
  const h = await loadMigrationHistory(join(repoRoot, 'fixtures', 'migrations', 'flyway'));
  const failed: RecordedState = { ...at('1', '1.1'), failed: [{ version: '2', detail: 'failed' }] };
  expect(versionFix(h, 'public.flyway_schema_history', failed, ['1', '1.1', '2'])).toEqual({
    command: null,
    sql: [`UPDATE public.flyway_schema_history SET success = true WHERE NOT success AND version IN ('2')`],
  });
  expect(versionFix(h, 'public.flyway_schema_history', failed, ['1', '1.1'])?.command).toBe(`flyway -locations=filesystem:${h.dir} repair`);
  expect(versionFix(h, 'public.flyway_schema_history', at('1', '1.1'), ['1', '1.1'])).toBeNull();
});
