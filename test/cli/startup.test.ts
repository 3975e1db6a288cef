import { loadedModules } from '../helpers/loaded-modules.js';

// Start-up is module loading: `--help` and a command's `--help` must not load what only a run
// needs (the migrations machinery, diagnose, lint's rules, the catalog readers, the SQL parser, PGlite).
// (A few modules of constants the flags list are fine: compare/change, migrations/history, ddl/statement.)
const HEAVY =
  /\/dist\/(migrations\/(load-history|check-migrations|expected-schema|alembic|sql-tools|kysely)|diagnose|catalog|shadow|compare\/compare|ddl\/plan|check-models|python|sources\/models|lint\/(lint|rules|round-trip|drivers?|transactions))|\/node_modules\/(@electric-sql\/pglite|pgsql-parser|libpg-query|pg|ajv|kysely)\//;

test('pgdrift --help lists every command without loading one', () => {
  const { status, modules } = loadedModules(['--help']);
  expect(status).toBe(0);
  expect(modules.some((m) => m.endsWith('/dist/cli/main.js'))).toBe(true);
  expect(modules.filter((m) => /\/dist\/cli\/commands\//.test(m))).toEqual([]);
  expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
});

test.each([['check'], ['status'], ['diagnose'], ['diff'], ['heads'], ['lint']])('pgdrift %s --help loads that command and none of its machinery', (command) => {
  const { status, modules } = loadedModules([command, '--help']);
  expect(status).toBe(0);
  expect(modules.filter((m) => /\/dist\/cli\/commands\//.test(m)).map((m) => m.replace(/.*\/commands\//, ''))).toEqual([`${command}.js`]);
  expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
});
