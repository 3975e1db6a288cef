import { runCli } from '../helpers/cli.js';

/*
 * Every option but the repeatable ones (--schema, --exclude-schema, --env, -x) takes one value: given twice, it is a usage
 * error (exit 2, one line) in every command — never a list a command does not expect, never a
 * silent pick. Checked before anything is read, so no database is needed.
 */

const db = 'postgres://app:Sup3rSecret@127.0.0.1:1/app';

test.each([
  ['check', '--fail-on', ['check', '--db', db, '--expected', 'x.json', '--fail-on', 'error', '--fail-on', 'info']],
  ['snapshot', '--db', ['snapshot', '--db', db, '--db', db]], // check takes several --db: a fleet
  ['snapshot', '--output', ['snapshot', db, '-o', 'a.json', '--output', 'b.json']],
  ['diff', '--format', ['diff', 'a.json', 'b.json', '--format', 'json', '--format', 'text']],
  ['status', '--format', ['status', '--migrations', 'm', '--format', 'json', '--format=text']],
  ['heads', '--migrations', ['heads', '--migrations', 'a', '--migrations', 'b']],
  ['history', '--verbose', ['history', '--migrations', 'm', '-v', '--verbose']],
  ['current', '--lock-timeout', ['current', '--migrations', 'm', '--lock-timeout', '1s', '--lock-timeout', '2s']],
  ['diagnose', '--remedy', ['diagnose', '--migrations', 'm', '--remedy', 'finish', '--remedy', 'revert']],
  ['demo', '--fail-on', ['demo', '--fail-on', 'info', '--fail-on', 'error']],
])('%s: %s given twice is a usage error', async (_command, option, args) => {
  const r = await runCli(args);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(new RegExp(`^pgdrift: ${option} is given 2 times; give each option once( \\(only [-a-z, ]+ repeats?\\))?\n$`));
  expect(r.code).toBe(2);
});

test('a boolean given both ways is repeated too: --cache --no-cache', async () => {
  const r = await runCli(['check', '--db', db, '--migrations', 'm', '--no-cache', '--cache']);
  expect(r.stderr).toMatch(/^pgdrift: --cache is given 2 times;/);
  expect(r.code).toBe(2);
});

test('--schema and --exclude-schema repeat', async () => {
  const r = await runCli(['snapshot', '--db', db, '--schema', 'a', '--schema', 'b', '--exclude-schema', 'c', '--exclude-schema', 'd']);
  // Past the option check: the connection is what fails.
  expect(r.stderr).toMatch(/^pgdrift: cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app: connection refused/);
  expect(r.code).toBe(3);
});

test('--help says so', async () => {
  const r = await runCli(['--help']);
  expect(r.stdout).toContain('Each option is given once: repeating one (two --format, --fail-on error --fail-on info) is a usage error');
  const check = await runCli(['check', '--fail-on', 'info', '--fail-on', 'info']);
  // check's --db repeats too: a fleet (docs/fleets.md).
  expect(check.stderr).toMatch(/give each option once \(only --schema, --exclude-schema, --env, -x, --format-file, --db repeat\)/);
});

test.each([
  [['--env', 'MODE=a', '--env', 'MODE=b'], '--env gives MODE twice; give each name once'],
  [['-x', 'tenant=a', '-x', 'tenant=b'], '-x gives tenant twice; give each name once'],
  [['--env', 'MODE'], "--env takes NAME=VALUE, got 'MODE'"],
])('--env and -x repeat, but one name given two values is a usage error: %j', async (flags, message) => {
  const r = await runCli(['check', '--db', db, '--migrations', 'fixtures/alembic/idioms', ...flags]);
  expect(r.stderr).toBe(`pgdrift: ${message}\n`);
  expect(r.code).toBe(2);
});
