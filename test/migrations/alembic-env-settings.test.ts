import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunSettings } from '../../src/migrations/alembic/env-settings.js';
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

describe("env.py's transaction_per_migration, read without running env.py", () => {
  test.each([
    ['absent: Alembic runs one transaction per `alembic upgrade`', 'context.configure(connection=connection, target_metadata=None)\n', false],
    ['a literal True', 'context.configure(connection=connection, transaction_per_migration=True)\n', true],
    ['a literal False', 'context.configure(connection=connection, transaction_per_migration=False)\n', false],
    ['from a variable: unknown', 'context.configure(connection=connection, transaction_per_migration=settings.PER_MIGRATION)\n', null],
    ['spread from a mapping: unknown', 'context.configure(connection=connection, **options)\n', null],
    ['spread, but set explicitly', 'context.configure(connection=connection, transaction_per_migration=True, **options)\n', true],
    ['imported configure', 'configure(connection=connection, transaction_per_migration=True)\n', true],
    ['online calls that disagree: unknown', 'if a:\n    context.configure(connection=c, transaction_per_migration=True)\nelse:\n    context.configure(connection=c)\n', null],
  ])('%s', async (_name, online, expected) => {
    expect((await readRunSettings(envPy(`${OFFLINE}${online}`))).transactionPerMigration).toBe(expected);
  });

  test('the offline call alone (url=, no connection=) decides nothing', async () => {
    const s = await readRunSettings(envPy(OFFLINE.replace('literal_binds=True', 'literal_binds=True, transaction_per_migration=True')));
    expect(s).toEqual({ transactionPerMigration: null, where: expect.stringMatching(/env\.py: no online context\.configure\(connection=…\) call$/) });
  });

  test('the deciding call is named by file and line', async () => {
    const dir = envPy(`${OFFLINE}\n\ndef online():\n    context.configure(\n        connection=c,\n        transaction_per_migration=True,\n    )\n`);
    expect(await readRunSettings(dir)).toEqual({ transactionPerMigration: true, where: `${join(dir, 'env.py')}:6` });
  });

  test("the fixture project's env.py: Alembic's default", async () => {
    expect((await readRunSettings(join(FIXTURE_APP, 'migrations'))).transactionPerMigration).toBe(false);
  });

  test('no env.py (a versions folder given alone): unknown, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgdrift-env-'));
    dirs.push(dir);
    expect(await readRunSettings(dir)).toEqual({ transactionPerMigration: null, where: `no env.py in ${dir}` });
  });

  test('an env.py that is not Python is bad input naming file:line:column', async () => {
    const dir = envPy('context.configure(connection=c,\n');
    await expect(readRunSettings(dir)).rejects.toThrow(new RegExp(`^${join(dir, 'env.py').replace(/[.]/g, '\\.')}:\\d+:\\d+: Python syntax error`));
  });
});
