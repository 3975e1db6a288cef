import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/ci-formats.js';
import { jsonValidator } from '../../src/model/schema-validation.js';

/*
 * `pgdrift lint` end to end on the embedded shadow: a risky golang-migrate revision fails, the
 * safe pattern passes even at --fail-on info, an allow comment shows its reason, every format
 * comes out of one run, and bad input is exit 2 in one line.
 */

const FIXTURES = join('fixtures', 'lint');
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-lint-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('a risky revision: exit 1, JSON valid against schemas/lint.schema.json, SARIF, JUnit and markdown from the same run', async () => {
  const sarif = join(scratch, 'lint.sarif');
  const junit = join(scratch, 'lint.xml');
  const md = join(scratch, 'lint.md');
  const r = await runCli(['lint', '--migrations', join(FIXTURES, 'golang-migrate', 'risky'), '--fail-on', 'info', '--format', 'json', '--format-file', `sarif=${sarif}`, '--format-file', `junit=${junit}`, '--format-file', `markdown=${md}`]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const json = JSON.parse(r.stdout);
  expect(jsonValidator('lint.schema.json')(json)).toBeNull();
  expect(json.status).toBe('fail');
  expect(json.findings.map((f: { rule: string; line: number }) => `${f.rule}@${f.line}`).sort()).toEqual([
    'downgrade-mismatch@1',
    'downgrade-mismatch@1',
    'non-transactional-in-transaction@2',
    'rewrite-table@3',
    'set-not-null@4',
  ]);
  expect(json.findings.find((f: { rule: string }) => f.rule === 'rewrite-table')).toMatchObject({ lock: 'ACCESS EXCLUSIVE', rewrites: true, table: { schema: 'public', name: 'message' } });
  const log = JSON.parse(readFileSync(sarif, 'utf8'));
  expect(sarifValidator()(log)).toBeNull();
  expect(JSON.stringify(log)).toContain('lint/rewrite-table');
  expect(readFileSync(junit, 'utf8')).toContain('name="set-not-null"');
  expect(readFileSync(md, 'utf8')).toContain('| ✗ error |');
});

test('the safe pattern (a nullable column; CONCURRENTLY alone in its file) has no finding at all, even at --fail-on info', async () => {
  const r = await runCli(['lint', '--migrations', join(FIXTURES, 'golang-migrate', 'safe'), '--fail-on', 'info']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('✓ lint passed at or above info: 0 errors, 0 warnings, 0 info — 3 revisions of fixtures/lint/golang-migrate/safe (golang-migrate)\n');
});

test('a finding accepted by a pgdrift: allow comment shows its reason and does not fail', async () => {
  const r = await runCli(['lint', '--migrations', join(FIXTURES, 'golang-migrate', 'allowed'), '--fail-on', 'info']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('· allowed  fixtures/lint/golang-migrate/allowed/2_index_chat_title.up.sql:2  create-index');
  expect(r.stdout).toContain('allowed at line 1: chat has a few hundred rows; the lock lasts milliseconds');
});

describe('bad input: exit 2, one line, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['SQL that does not parse', ['--migrations', join(FIXTURES, 'broken', 'syntax')], /^pgdrift: fixtures\/lint\/broken\/syntax\/2_oops\.up\.sql:2:37: syntax error at or near "text"\n$/],
    ['an allow comment naming no rule', ['--migrations', join(FIXTURES, 'broken', 'allow')], /^pgdrift: fixtures\/lint\/broken\/allow\/2_index\.up\.sql:1:1: 'pgdrift: allow' names unknown rule 'create-indexes'/],
    ['a ref git does not know', ['--migrations', join(FIXTURES, 'golang-migrate', 'safe'), '--since', 'no-such-ref-xyz'], /^pgdrift: --since no-such-ref-xyz: no such commit in the git repository at /],
    ['a Kysely history', ['--migrations', join('fixtures', 'migrations', 'kysely')], /lint runs Alembic \(read by pgdrift itself\), golang-migrate, dbmate and Flyway histories; not kysely\n$/],
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
