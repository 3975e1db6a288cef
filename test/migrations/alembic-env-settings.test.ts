import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envVersionTable, readEnvSettings } from '../../src/migrations/alembic/env-settings.js';
import { FIXTURE_APP } from './alembic-helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function envPy(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-env-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'env.py'), text);
  return dir;
}

const OFFLINE = 'def offline():\n    context.configure(url=url, target_metadata=None, literal_binds=True)\n';

describe("env.py's context.configure() options, read without running env.py", () => {
  test.each([
    ['absent: Alembic runs one transaction per `alembic upgrade`', 'context.configure(connection=connection, target_metadata=None)\n', 'absent', undefined],
    ['a literal True', 'context.configure(connection=connection, transaction_per_migration=True)\n', 'set', true],
    ['a literal False', 'context.configure(connection=connection, transaction_per_migration=False)\n', 'set', false],
    ['a module constant', 'PER = True\ncontext.configure(connection=connection, transaction_per_migration=PER)\n', 'set', true],
    ['from a setting', 'context.configure(connection=connection, transaction_per_migration=settings.PER_MIGRATION)\n', 'unreadable', undefined],
    ['maybe from a spread (Flask-Migrate)', 'context.configure(connection=connection, **conf_args)\n', 'spread', undefined],
    ['a spread, but set explicitly', 'context.configure(connection=connection, transaction_per_migration=True, **conf_args)\n', 'set', true],
    ['imported configure', 'configure(connection=connection, transaction_per_migration=True)\n', 'set', true],
    ['online calls that disagree', 'if a:\n    context.configure(connection=c, transaction_per_migration=True)\nelse:\n    context.configure(connection=c)\n', 'unreadable', undefined],
  ])('transaction_per_migration %s', async (_name, online, state, value) => {
    const o = (await readEnvSettings(envPy(`${OFFLINE}${online}`))).transactionPerMigration;
    expect(o.state).toBe(state);
    expect(o.value).toBe(value);
  });

  test('the offline call alone (url=, no connection=) decides nothing', async () => {
    const s = await readEnvSettings(envPy(OFFLINE.replace('literal_binds=True', 'literal_binds=True, transaction_per_migration=True')));
    expect(s.transactionPerMigration).toEqual({ state: 'no-env', where: expect.stringMatching(/env\.py: no online context\.configure\(connection=…\) call$/) });
  });

  test('the deciding call is named by file and line', async () => {
    const dir = envPy(`${OFFLINE}\n\ndef online():\n    context.configure(\n        connection=c,\n        transaction_per_migration=True,\n    )\n`);
    expect((await readEnvSettings(dir)).transactionPerMigration).toEqual({ state: 'set', value: true, where: `${join(dir, 'env.py')}:6` });
  });

  test("the fixture project's env.py: Alembic's defaults", async () => {
    const s = await readEnvSettings(join(FIXTURE_APP, 'migrations'));
    expect([s.transactionPerMigration.state, s.versionTable.state, envVersionTable(s)]).toEqual(['absent', 'absent', undefined]);
  });

  test('no env.py (a versions folder given alone): nothing known, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgdrift-env-'));
    dirs.push(dir);
    const s = await readEnvSettings(dir);
    expect(s.transactionPerMigration).toEqual({ state: 'no-env', where: `no env.py in ${dir}` });
    expect(envVersionTable(s)).toBeUndefined();
  });
});

describe('the version table env.py names', () => {
  const table = async (online: string) => envVersionTable(await readEnvSettings(envPy(`${OFFLINE}${online}`)));

  test('a literal, a module constant, a schema', async () => {
    expect(await table('context.configure(connection=c, version_table="app_versions")\n')).toBe('app_versions');
    expect(await table('VT = "app_versions"\ncontext.configure(connection=c, version_table=VT)\n')).toBe('app_versions');
    expect(await table('context.configure(connection=c, version_table_schema="meta")\n')).toBe('meta.alembic_version');
    expect(await table('context.configure(connection=c, version_table="v", version_table_schema="meta")\n')).toBe('meta.v');
    expect(await table('context.configure(connection=c, **conf_args)\n')).toBeUndefined();
  });

  test('set from what only running env.py would tell: refused, naming the line and the way out', async () => {
    await expect(table(`version_table = f"{PREFIX}alembic_version"\ncontext.configure(connection=c, version_table=version_table)\n`)).rejects.toThrow(
      /env\.py:4: pgdrift cannot read the version_table env\.py gives context\.configure\(\) without running env\.py; pass --version-table \[schema\.\]table/,
    );
  });

  test('an env.py the parser cannot read stops only a history that names these options there', async () => {
    const broken = 'context.configure(connection=c,\n';
    const s = await readEnvSettings(envPy(broken));
    expect([s.transactionPerMigration.state, envVersionTable(s)]).toEqual(['absent', undefined]);
    expect(() => envVersionTable({ ...s, versionTable: { state: 'unreadable', where: 'env.py:1:31' } })).toThrow(/^env\.py:1:31: /);
    const named = await readEnvSettings(envPy(`${broken}version_table = "v"\n`));
    expect(named.versionTable).toEqual({ state: 'unreadable', where: expect.stringMatching(/env\.py:\d+:\d+$/) });
  });
});
