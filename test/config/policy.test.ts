import { Ajv } from 'ajv';
import { compare } from '../../src/compare/compare.js';
import { check } from '../../src/check.js';
import { acceptChanges } from '../../src/config/accept.js';
import { globMatcher } from '../../src/config/glob.js';
import { ignoreChanges } from '../../src/config/ignore.js';
import type { IgnoreRule } from '../../src/config/rules.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { loadJsonSchema } from '../../src/model/schema-files.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import * as b from '../compare/builders.js';

describe('globMatcher', () => {
  test.each([
    ['knex_*', 'knex_migrations', true],
    ['knex_*', 'knex_', true],
    ['knex_*', 'knex', false],
    ['user?', 'users', true],
    ['user?', 'user', false],
    ['users', 'Users', false],
    ['*_log_*', 'audit_log_2024', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['*', '', true],
    ['.', 'x', false],
    ['a+b', 'a+b', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(globMatcher(pattern)(name)).toBe(expected);
  });

  test('many stars against a long name that does not match stays fast', () => {
    const started = Date.now();
    expect(globMatcher('*a*a*a*a*a*a*a*a*a*a*b')('a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

const users = b.table({ name: 'users', columns: [b.column({ name: 'id', type: 'bigint', notNull: true }), b.column({ name: 'email', type: 'text' })] });
const srs = b.table({ name: 'spatial_ref_sys', columns: [b.column({ name: 'srid', type: 'integer', notNull: true })] });

async function ignored(expected: Snapshot, actual: Snapshot, rules: IgnoreRule[]): Promise<{ ids: string[]; ignored: number }> {
  const diff = await compare(expected, actual);
  const out = ignoreChanges(diff.changes, expected, actual, rules);
  return { ids: out.changes.map((c) => c.id), ignored: out.ignored };
}

describe('ignoreChanges', () => {
  const expected = b.snapshot({ schemas: [b.schema()], tables: [users] });

  test('a table by name, in any schema', async () => {
    const actual = b.snapshot({ schemas: [b.schema()], tables: [users, srs] });
    expect(await ignored(expected, actual, [])).toEqual({ ids: ['table:public.spatial_ref_sys'], ignored: 0 });
    expect(await ignored(expected, actual, [{ kind: 'table', name: 'spatial_ref_sys' }])).toEqual({ ids: [], ignored: 1 });
    expect(await ignored(expected, actual, [{ kind: 'view', name: 'spatial_ref_sys' }])).toEqual({ ids: ['table:public.spatial_ref_sys'], ignored: 0 });
    expect(await ignored(expected, actual, [{ kind: 'table', schema: 'other', name: 'spatial_ref_sys' }])).toEqual({ ids: ['table:public.spatial_ref_sys'], ignored: 0 });
  });

  test("a table's columns, indexes, constraints, triggers, policies, grants and owned sequences go with it", async () => {
    const shared = b.table({ name: 'shared', columns: [b.column({ name: 'id', type: 'integer' })] });
    const exp = b.snapshot({ tables: [users, shared] });
    const act = b.snapshot({
      tables: [users, b.table({ name: 'shared', columns: [b.column({ name: 'id', type: 'bigint' }), b.column({ name: 'extra', type: 'text' })] })],
      indexes: [b.index({ table: 'shared', name: 'shared_extra_idx' })],
      constraints: [b.constraint({ table: 'shared', name: 'shared_pkey' })],
      triggers: [b.trigger({ table: 'shared', name: 'shared_touch' })],
      policies: [b.policy({ table: 'shared', name: 'shared_read' })],
      grants: [b.grant({ object: 'shared' }), b.grant({ objectType: 'column', object: 'shared', column: 'extra' }), b.grant({ objectType: 'sequence', object: 'shared_id_seq' })],
      sequences: [b.sequence({ name: 'shared_id_seq', ownedBy: 'public.shared.id' })],
    });
    const all = await ignored(exp, act, []);
    expect(all.ids.length).toBeGreaterThanOrEqual(9);
    expect(await ignored(exp, act, [{ kind: 'table', name: 'shared' }])).toEqual({ ids: [], ignored: all.ids.length });
    // Only the columns: the rest stays.
    const columns = await ignored(exp, act, [{ kind: 'column', table: 'shar*' }]);
    expect(columns.ids).not.toContain('column:public.shared.extra');
    expect(columns.ids).toContain('index:public.shared.shared_extra_idx');
    expect(columns.ignored).toBe(2);
  });

  test('a schema and everything in it, by `schema` or by kind schema', async () => {
    const act = b.snapshot({
      schemas: [b.schema(), b.schema({ name: 'partman' })],
      tables: [users, b.table({ schema: 'partman', name: 'part_config' })],
      functions: [b.routine({ schema: 'partman', name: 'run_maintenance' })],
    });
    expect((await ignored(expected, act, [])).ids).toHaveLength(3);
    expect(await ignored(expected, act, [{ schema: 'partman' }])).toEqual({ ids: [], ignored: 3 });
    expect(await ignored(expected, act, [{ kind: 'schema', name: 'part*' }])).toEqual({ ids: [], ignored: 3 });
    expect((await ignored(expected, act, [{ schema: 'public' }])).ignored).toBe(0);
  });

  test('extensions, all or by name; functions by name without their arguments', async () => {
    const act = b.snapshot({
      schemas: [b.schema()],
      tables: [users],
      extensions: [b.extension({ name: 'pg_stat_statements' }), b.extension({ name: 'pgcrypto' })],
      functions: [b.routine({ name: 'pg_stat_statements_reset', identityArguments: 'userid oid' })],
    });
    expect(await ignored(expected, act, [{ kind: 'extension' }])).toEqual({ ids: ['function:public.pg_stat_statements_reset(userid oid)'], ignored: 2 });
    expect(await ignored(expected, act, [{ kind: 'extension', name: 'pg_stat_*' }, { kind: 'function', name: 'pg_stat_statements_*' }])).toEqual({
      ids: ['extension:pgcrypto'],
      ignored: 2,
    });
  });

  test('a kept change paired with an ignored one is shown on its own', async () => {
    const exp = b.snapshot({ tables: [b.table({ name: 'accounts' })] });
    const act = b.snapshot({ tables: [b.table({ name: 'accounts_old' })] });
    const diff = await compare(exp, act);
    expect(diff.changes.every((c) => c.renameHint && c.message.includes('looks like a rename'))).toBe(true);
    const out = ignoreChanges(diff.changes, exp, act, [{ kind: 'table', name: '*_old' }]);
    expect(out.changes).toEqual([expect.objectContaining({ id: 'table:public.accounts', message: 'table public.accounts is missing' })]);
    expect(out.changes[0]).not.toHaveProperty('pairedWith');
    expect(out.changes[0]).not.toHaveProperty('renameHint');
  });

  test('a foreign key from a kept table to an ignored one is still compared', async () => {
    const fk = b.constraint({ table: 'users', name: 'users_srid_fkey', type: 'foreign key', definition: 'FOREIGN KEY (srid) REFERENCES public.spatial_ref_sys(srid)' });
    const exp = b.snapshot({ tables: [users, srs], constraints: [fk] });
    const act = b.snapshot({ tables: [users, b.table({ name: 'spatial_ref_sys', columns: [] })] });
    expect(await ignored(exp, act, [{ kind: 'table', name: 'spatial_ref_sys' }])).toEqual({ ids: ['constraint:public.users.users_srid_fkey'], ignored: 1 });
  });
});

describe('acceptChanges', () => {
  const change = { id: 'column:public.account.plan', kind: 'unexpected', objectType: 'column', schema: 'public', table: 'account', name: 'plan', severity: 'warning', expected: null, actual: null, message: 'column public.account.plan is not expected (text)' } as const;
  const accept = { id: change.id, reason: 'backfill runs until March', until: '2026-03-01' };

  test('until the day is past, inclusive', () => {
    expect(acceptChanges([change], [accept], '2026-03-01')).toEqual({ changes: [], accepted: [{ change, reason: accept.reason, until: accept.until }], notes: [] });
    expect(acceptChanges([change], [accept], '2026-03-02')).toEqual({ changes: [change], accepted: [], notes: [{ id: change.id, state: 'expired', reason: accept.reason, until: accept.until }] });
    expect(acceptChanges([change], [{ ...accept, until: null }], '2999-01-01').accepted).toHaveLength(1);
  });

  test('an acceptance no change has is stale; ids match exactly', () => {
    expect(acceptChanges([change], [{ ...accept, id: 'column:public.account.*' }], '2026-01-01')).toEqual({
      changes: [change],
      accepted: [],
      notes: [{ id: 'column:public.account.*', state: 'stale', reason: accept.reason, until: accept.until }],
    });
  });
});

describe('check with a policy: every format says what was accepted, expired, stale and ignored', () => {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true });
  const validate = ajv.compile(loadJsonSchema('report.schema.json'));
  const exp = b.snapshot({ tables: [users] });
  const act = b.snapshot({ tables: [b.table({ ...users, columns: [...users.columns, b.column({ name: 'plan', type: 'text' })] }), srs] });
  const reason = 'hotfix \u001b[31mred\u001b[0m | <b>@team</b>';
  const policy = (until: string) => ({
    ignore: [{ kind: 'table' as const, name: 'spatial_ref_sys' }],
    accept: [
      { id: 'column:public.users.plan', reason, until },
      { id: 'index:public.users.gone', reason: 'dropped last week', until: null },
    ],
    today: '2026-02-01',
  });

  test('accepted: ok, listed with its reason', async () => {
    const report = await check(exp, act, 'warning', policy('2026-03-01'));
    expect(report.status).toBe('ok');
    expect(report.changes).toEqual([]);
    expect(report.summary).toMatchObject({ total: 0, ignored: 1, accepted: 1 });
    const json = JSON.parse(renderJson(report));
    expect(validate(json) ? null : validate.errors).toBeNull();
    expect(json.accepted).toEqual([expect.objectContaining({ id: 'column:public.users.plan', acceptance: { reason, until: '2026-03-01' } })]);
    expect(json.acceptanceNotes).toEqual([{ id: 'index:public.users.gone', state: 'stale', reason: 'dropped last week', until: null }]);
    const text = renderText(report, { color: false });
    expect(text).toContain('✓ no drift: 0 errors, 0 warnings, 0 info; 1 accepted, 1 ignored');
    expect(text).toContain('reason: hotfix \\x1b[31mred\\x1b[0m | <b>@team</b> (until 2026-03-01)');
    expect(text).toContain('· stale  index:public.users.gone: dropped last week');
    expect(text).toContain("1 change ignored by the config's ignore rules");
    expect(text).not.toContain('\u001b');
    const md = renderMarkdown(report);
    expect(md).toContain('### Accepted');
    expect(md).toContain('hotfix \\\\x1b\\[31mred\\\\x1b\\[0m \\| &lt;b&gt;@&#8203;team&lt;/b&gt;');
    expect(md).toContain('matches no change (stale');
  });

  test('expired: drift again, and the report says so', async () => {
    const report = await check(exp, act, 'warning', policy('2026-01-31'));
    expect(report.status).toBe('drift');
    expect(report.changes.map((c) => c.id)).toEqual(['column:public.users.plan']);
    const json = JSON.parse(renderJson(report));
    expect(validate(json) ? null : validate.errors).toBeNull();
    expect(json.acceptanceNotes[0]).toEqual({ id: 'column:public.users.plan', state: 'expired', reason, until: '2026-01-31' });
    expect(renderText(report, { color: false })).toContain('✗ expired  column:public.users.plan: accepted until 2026-01-31');
    expect(renderMarkdown(report)).toContain('expired (until 2026-01-31;');
  });
});
