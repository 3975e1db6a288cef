import type { DdlPlan, DdlStatement } from '../../src/ddl/statement.js';
import { HAZARD_WORDS, renderSqlScript, renderSqlSummary, scriptHeader } from '../../src/report/sql-script.js';

const statement = (sql: string, o: Partial<DdlStatement> = {}): DdlStatement => ({ sql, changeIds: ['column:public.t.a'], hazards: [], transactional: true, ...o });
const header = scriptHeader('pgdrift diff --sql', 'postgres://app:***@db/prod', 'db/schema.sql', new Date('2025-03-04T05:06:07.890Z'));

test('the header says what, from, to and when', () => {
  expect(header).toEqual(['pgdrift diff --sql', 'turns:   postgres://app:***@db/prod', 'into:    db/schema.sql', 'written: 2025-03-04T05:06:07Z']);
});

test('an empty plan says there is nothing to do, and runs nothing', () => {
  const out = renderSqlScript({ statements: [], withheld: [], manual: [] }, header);
  expect(out).toBe(
    ['-- pgdrift diff --sql', '-- turns:   postgres://app:***@db/prod', '-- into:    db/schema.sql', '-- written: 2025-03-04T05:06:07Z', '--', '-- Nothing to do: the two schemas already match.', ''].join('\n'),
  );
});

test('statements run in transactions, those that cannot alone, each under its hazards and changes', () => {
  const plan: DdlPlan = {
    statements: [
      statement('ALTER TABLE public.t ALTER COLUMN a TYPE bigint', { hazards: ['rewrites-table', 'access-exclusive-lock'], note: 'converted with USING a::bigint' }),
      statement('CREATE INDEX CONCURRENTLY t_a ON public.t USING btree (a)', { changeIds: ['index:public.t.t_a'], hazards: ['non-transactional'], transactional: false }),
      statement('COMMENT ON TABLE public.t IS NULL', { changeIds: ['table:public.t', 'column:public.t.b'] }),
      statement('ALTER SEQUENCE public.s OWNED BY public.t.a', { changeIds: [] }),
    ],
    withheld: [],
    manual: [],
  };
  const out = renderSqlScript(plan, header);
  expect(out).toContain('-- 4 statements (1 outside a transaction).');
  expect(out).toContain('SET check_function_bodies = false;');
  expect(out).toContain("SET search_path = '';");
  expect(out.indexOf('-- function bodies are checked when called')).toBeLessThan(out.indexOf('SET check_function_bodies'));
  const body = out.slice(out.indexOf('BEGIN;'));
  expect(body).toBe(
    [
      'BEGIN;',
      '',
      '-- [1] change column:public.t.a',
      `--     ${HAZARD_WORDS['rewrites-table']}`,
      `--     ${HAZARD_WORDS['access-exclusive-lock']}`,
      '--     note: converted with USING a::bigint',
      'ALTER TABLE public.t ALTER COLUMN a TYPE bigint;',
      '',
      'COMMIT;',
      '',
      '-- [2] change index:public.t.t_a',
      `--     ${HAZARD_WORDS['non-transactional']}`,
      'CREATE INDEX CONCURRENTLY t_a ON public.t USING btree (a);',
      '',
      'BEGIN;',
      '',
      '-- [3] changes table:public.t, column:public.t.b',
      'COMMENT ON TABLE public.t IS NULL;',
      '',
      '-- [4] needed by the statements around it',
      'ALTER SEQUENCE public.s OWNED BY public.t.a;',
      '',
      'COMMIT;',
      '',
    ].join('\n'),
  );
});

test('withheld destructive statements are commented out under the note, manual items close the script', () => {
  const plan: DdlPlan = {
    statements: [statement('ALTER TABLE public.t ADD COLUMN b text', { hazards: ['access-exclusive-lock'] })],
    withheld: [statement('DROP FUNCTION public.f(x integer)', { changeIds: ['function:public.f(x integer)'], hazards: ['destructive'] }), statement('CREATE TABLE public.p (\n    id integer\n)', { hazards: [] })],
    manual: [{ changeId: 'function:public.agg(integer)', reason: 'its definition is not in the model' }],
  };
  const out = renderSqlScript(plan, header);
  const withheld = out.slice(out.indexOf('-- withheld (destructive): pass --unsafe to include'));
  expect(withheld).toBe(
    [
      '-- withheld (destructive): pass --unsafe to include',
      '-- What they would be, in order:',
      '--',
      '-- -- [1] change function:public.f(x integer)',
      `-- --     ${HAZARD_WORDS.destructive}`,
      '-- DROP FUNCTION public.f(x integer);',
      '--',
      '-- -- [2] change column:public.t.a',
      '-- CREATE TABLE public.p (',
      '--     id integer',
      '-- );',
      '',
      '-- to do by hand (no statement can make these changes):',
      '-- function:public.agg(integer): its definition is not in the model',
      '',
    ].join('\n'),
  );
  // Nothing withheld is left uncommented.
  expect(out.split('\n').filter((l) => l.includes('DROP FUNCTION') && !l.startsWith('--'))).toEqual([]);
  expect(out).toContain('-- 1 statement, 2 withheld (destructive), 1 to do by hand.');
});

test('a plan with only withheld statements runs nothing', () => {
  const out = renderSqlScript({ statements: [], withheld: [statement('DROP TABLE public.t', { hazards: ['destructive'] })], manual: [] }, header);
  expect(out).toContain('-- Nothing runs without --unsafe.');
  expect(out).not.toMatch(/^(BEGIN|SET)/m);
});

test('the session and the timeouts are set before the first statement, each under why', () => {
  const out = renderSqlScript({ statements: [statement('ALTER TABLE public.t ADD COLUMN b text', { hazards: ['access-exclusive-lock'] })], withheld: [], manual: [] }, header);
  const lines = out.split('\n');
  const begin = lines.indexOf('BEGIN;');
  for (const set of ["SET lock_timeout = '5s';", "SET statement_timeout = '30min';", "SET search_path = '';"]) {
    expect(lines.indexOf(set)).toBeGreaterThan(0);
    expect(lines.indexOf(set)).toBeLessThan(begin);
    expect(lines[lines.indexOf(set) - 1]).toMatch(/^-- \w/);
  }
  expect(out).toContain(`--     ${HAZARD_WORDS['access-exclusive-lock']}\nALTER TABLE public.t ADD COLUMN b text;`);
  expect(HAZARD_WORDS['access-exclusive-lock']).toMatch(/ACCESS EXCLUSIVE/);
});

test('names, notes and reasons with line breaks stay on their comment line; withheld statements stay comments', () => {
  const evil = 'x\nDROP TABLE users; --';
  const cr = 'i\r\\! touch /tmp/owned';
  const plan: DdlPlan = {
    statements: [statement(`CREATE INDEX "${cr}" ON public.t (a)`, { changeIds: [`index:public.t.${cr}`], note: `attached to ${evil}` })],
    withheld: [statement(`DROP TABLE public."${evil}"`, { changeIds: [`table:public.${evil}`], hazards: ['destructive'], note: `part of table ${cr}` })],
    manual: [{ changeId: `function:public.${evil}()`, reason: `its definition\n\\! touch /tmp/owned` }],
  };
  const out = renderSqlScript(plan, scriptHeader('pgdrift diff --sql', `db/${evil}.sql`, 'postgres://x@h/\u001b]0;t\u0007', new Date(0)));
  expect(out).not.toMatch(/[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  const lines = out.split('\n');
  // Every line is a comment, blank, a SET, BEGIN/COMMIT, or the guarded statement.
  expect(lines.filter((l) => l !== '' && !l.startsWith('--') && !/^(SET |BEGIN;|COMMIT;)/.test(l))).toEqual(['CREATE INDEX U&"i\\000d\\\\! touch /tmp/owned" ON public.t (a);']);
  expect(out).toContain('-- turns:   db/x\\nDROP TABLE users; --.sql');
  expect(out).toContain('-- into:    postgres://x@h/\\x1b]0;t\\x07');
  expect(out).toContain('-- [1] change index:public.t.i\\r\\! touch /tmp/owned\n--     note: attached to x\\nDROP TABLE users; --\n');
  expect(out).toContain('-- -- [1] change table:public.x\\nDROP TABLE users; --');
  expect(out).toContain('-- DROP TABLE public.U&"x\\000aDROP TABLE users; --";');
  expect(out).toContain('-- function:public.x\\nDROP TABLE users; --(): its definition\\n\\! touch /tmp/owned');
});

test('every hazard has words', () => {
  for (const words of Object.values(HAZARD_WORDS)) expect(words.length).toBeGreaterThan(20);
});

test('the summary -o prints', () => {
  const plan: DdlPlan = { statements: [statement('x')], withheld: [statement('y')], manual: [{ changeId: 'z', reason: 'r' }] };
  expect(renderSqlSummary(plan, 'm.sql')).toBe('wrote 1 statement to m.sql; 1 withheld (destructive): pass --unsafe to include; 1 to do by hand (see the end of the file)\n');
});
