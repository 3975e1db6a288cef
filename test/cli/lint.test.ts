import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

/*
 * `pgdrift lint`'s bad input: exit 2 in one line, no stack trace. (The risky, safe and allowed
 * fixtures' text output is checked by docs/lint.md's generated examples; every format in
 * lint.slow.test.ts.)
 */

const FIXTURES = join('fixtures', 'lint');

describe('bad input: exit 2, one line, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['SQL that does not parse', ['--migrations', join(FIXTURES, 'broken', 'syntax')], /^pgdrift: fixtures\/lint\/broken\/syntax\/2_oops\.up\.sql:2:37: syntax error at or near "text"\n$/],
    ['an allow comment naming no rule', ['--migrations', join(FIXTURES, 'broken', 'allow')], /^pgdrift: fixtures\/lint\/broken\/allow\/2_index\.up\.sql:1:1: 'pgdrift: allow' names unknown rule 'create-indexes'/],
    ['a ref git does not know', ['--migrations', join(FIXTURES, 'golang-migrate', 'safe'), '--since', 'no-such-ref-xyz'], /^pgdrift: --since no-such-ref-xyz: no such commit in the git repository at /],
    ['a folder that does not exist', ['--migrations', join(FIXTURES, 'no-such-folder')], /^pgdrift: fixtures\/lint\/no-such-folder/],
    ['a negative --large-table-rows', ['--migrations', join(FIXTURES, 'golang-migrate', 'safe'), '--large-table-rows', '-5'], /^pgdrift: --large-table-rows must be a number of rows, found -5\n$/],
  ];
  for (const [what, args, message] of cases) {
    test(what, async () => {
      const r = await runCli(['lint', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});

test('`pgdrift config lint` shows what lint runs with, its config-file section included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-lint-config-'));
  try {
    writeFileSync(join(dir, 'pgdrift.config.json'), JSON.stringify({ lint: { 'no-autogenerate': true, 'large-table-rows': 5 } }));
    const r = await runCli(['config', 'lint'], {}, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('large-table-rows   5  (file /lint/large-table-rows)');
    expect(r.stdout).toContain('no-autogenerate    true  (file /lint/no-autogenerate)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("the tool's own settings: golang-migrate's x-multi-statement, Flyway's mixed", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgdrift-lint-tools-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const flywayProject = (config: Record<string, string>) => {
    writeFileSync(join(dir, 'V1__base.sql'), 'CREATE TABLE t (id int);\n');
    for (const [name, text] of Object.entries(config)) writeFileSync(join(dir, name), text);
  };
  const exit2 = async (args: string[], message: RegExp, env: Record<string, string> = {}) => {
    const r = await runCli(['lint', '--migrations', '.', ...args], env, dir);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  };

  test('a bad mixed in flyway.toml or flyway.conf: exit 2 at file:line', async () => {
    flywayProject({ 'flyway.toml': '[flyway]\nlocations = ["filesystem:."]\nmixed = "yes"\n' });
    await exit2([], /^pgdrift: flyway\.toml:3: mixed must be true or false, found "yes"\n$/);
    rmSync(join(dir, 'flyway.toml'));
    writeFileSync(join(dir, 'flyway.conf'), 'flyway.mixed=True\n');
    await exit2([], /^pgdrift: flyway\.conf:1: flyway\.mixed must be true or false/);
    // The flag wins over the file, as Flyway's command line does: the file is not read.
    const r = await runCli(['lint', '--migrations', '.', '--flyway-mixed'], {}, dir);
    expect(r.code).toBe(0);
  });

  test('FLYWAY_MIXED, --flyway-config and the size flag: bad values are exit 2 naming them', async () => {
    flywayProject({});
    await exit2([], /^pgdrift: FLYWAY_MIXED must be true or false \(as Flyway reads it\), found "1"\n$/, { FLYWAY_MIXED: '1' });
    await exit2(['--flyway-config', 'conf/flyway.toml'], /^pgdrift: conf\/flyway\.toml: cannot read the Flyway config file \(ENOENT\)\n$/);
    await exit2(['--golang-migrate-multi-statement'], /^pgdrift: --golang-migrate-multi-statement is a golang-migrate setting, and \. holds flyway migrations\n$/);
    rmSync(join(dir, 'V1__base.sql'));
    writeFileSync(join(dir, '1_base.up.sql'), 'CREATE TABLE t (id int);\n');
    await exit2(['--golang-migrate-multi-statement', '--golang-migrate-multi-statement-max-size', '10MB'], /^pgdrift: --golang-migrate-multi-statement-max-size must be a whole number of bytes .*found "10MB"\n$/);
    await exit2(['--flyway-mixed'], /^pgdrift: --flyway-mixed is a Flyway setting, and \. holds golang-migrate migrations\n$/);
  });

  test('--help teaches the settings, and the config file takes them', async () => {
    const help = await runCli(['lint', '--help']);
    for (const flag of ['--golang-migrate-multi-statement ', '--golang-migrate-multi-statement-max-size', '--flyway-mixed', '--flyway-config']) expect(help.stdout).toContain(flag);
    expect(help.stdout).toMatch(/x-multi-statement=true/);
    writeFileSync(join(dir, '1_base.up.sql'), 'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\n');
    writeFileSync(join(dir, '1_base.down.sql'), 'DROP FUNCTION f();\n');
    writeFileSync(join(dir, 'pgdrift.config.json'), JSON.stringify({ lint: { 'golang-migrate-multi-statement': true } }));
    const r = await runCli(['lint', '--migrations', '.', '--format', 'json'], {}, dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string; line: number }) => `${f.rule}@${f.line}`)).toEqual(['multi-statement-split@1']);
    writeFileSync(join(dir, 'pgdrift.config.json'), JSON.stringify({ lint: { 'golang-migrate-multi-statement-max-size': '1MB' } }));
    const bad = await runCli(['lint', '--migrations', '.'], {}, dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/pgdrift\.config\.json: \/lint\/golang-migrate-multi-statement-max-size must be integer/);
  });
});
