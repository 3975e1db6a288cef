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
