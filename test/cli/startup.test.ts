import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('a live snapshot loads neither the JSON Schema validator nor the parsers, and a config file only when there is one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-startup-'));
  try {
    const args = ['snapshot', '--db', 'postgres://nobody@127.0.0.1:1/none', '-o', join(dir, 'out.json')];
    const bare = loadedModules(args, dir);
    expect(bare.status).toBe(3);
    expect(bare.modules.filter((m) => /\/node_modules\/(ajv|pgsql-parser|libpg-query|@electric-sql\/pglite|kysely)\/|\/dist\/(config\/load|python|shadow\/embedded|migrations\/alembic)/.test(m))).toEqual([]);
    writeFileSync(join(dir, 'pgdrift.config.json'), '{"fail-on": "error"}');
    const configured = loadedModules(args, dir);
    expect(configured.status).toBe(3);
    expect(configured.modules.some((m) => m.endsWith('/dist/config/load.js'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
