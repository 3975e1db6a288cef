import { compare } from '../../src/compare/compare.js';
import type { Change } from '../../src/compare/change.js';
import * as b from './builders.js';

/** The same value with every object's keys in reverse order, as a snapshot read from another JSON writer could be. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
}

const ids = (changes: readonly Change[]): string[] => changes.map((c) => c.id);

describe('identical snapshots', () => {
  test('compare equal, whatever the order of their lists and of object keys', async () => {
    const s = b.snapshot({
      schemas: [b.schema(), b.schema({ name: 'app' })],
      tables: [b.table(), b.table({ name: 'orders' })],
      indexes: [b.index(), b.index({ name: 'users_name_idx' })],
    });
    const shuffled = b.snapshot({
      schemas: [...s.schemas].reverse(),
      tables: [...s.tables].reverse().map((t) => reverseKeys(t) as typeof t),
      indexes: [...s.indexes].reverse(),
    });
    expect((await compare(s, shuffled)).changes).toEqual([]);
  });

  test('column position is not compared: migrations append columns', async () => {
    const cols = [b.column({ name: 'a' }), b.column({ name: 'b' }), b.column({ name: 'c' })];
    const diff = await compare(b.snapshot({ tables: [b.table({ columns: cols })] }), b.snapshot({ tables: [b.table({ columns: [...cols].reverse() })] }));
    expect(diff.changes).toEqual([]);
  });
});

describe('a missing or unexpected table is reported alone', () => {
  const full = b.snapshot({
    tables: [b.table({ columns: [b.column({ name: 'id' }), b.column({ name: 'email', type: 'text' })] })],
    constraints: [b.constraint()],
    indexes: [b.index()],
    triggers: [b.trigger()],
    policies: [b.policy()],
    sequences: [b.sequence({ name: 'users_id_seq', ownedBy: 'public.users.id' })],
    grants: [b.grant(), b.grant({ objectType: 'column', column: 'email', privilege: 'UPDATE' })],
  });
  const empty = b.snapshot();

  test('missing: one change, no columns, constraints, indexes, triggers, policies, owned sequence or grants', async () => {
    const diff = await compare(full, empty);
    expect(ids(diff.changes)).toEqual(['table:public.users']);
    expect(diff.changes[0]).toMatchObject({ kind: 'missing', severity: 'error', message: 'table public.users is missing' });
  });

  test('unexpected: the same', async () => {
    const diff = await compare(empty, full);
    expect(ids(diff.changes)).toEqual(['table:public.users']);
    expect(diff.changes[0]).toMatchObject({ kind: 'unexpected', severity: 'warning', message: 'table public.users is not expected' });
  });

  test('a missing materialized view takes its indexes with it', async () => {
    const mv = b.snapshot({ views: [b.view({ name: 'stats', materialized: true })], indexes: [b.index({ table: 'stats', name: 'stats_idx' })] });
    const diff = await compare(mv, empty);
    expect(ids(diff.changes)).toEqual(['materialized view:public.stats']);
  });

  test('a missing function takes its grants with it, a missing schema its schema grants', async () => {
    const s = b.snapshot({
      schemas: [b.schema({ name: 'app' })],
      functions: [b.routine()],
      grants: [
        b.grant({ objectType: 'function', object: 'add(a integer, b integer)', privilege: 'EXECUTE' }),
        b.grant({ objectType: 'schema', schema: 'app', object: 'app', privilege: 'USAGE' }),
      ],
    });
    expect(ids((await compare(s, empty)).changes)).toEqual(['schema:app', 'function:public.add(a integer, b integer)']);
  });

  test('but the parts of a table present on both sides are compared', async () => {
    const withoutIndex = { ...full, indexes: [] };
    const diff = await compare(full, withoutIndex);
    expect(diff.changes.map((c) => c.message)).toEqual(['index public.users.users_email_idx is missing']);
  });
});

describe('owners', () => {
  const owned = (owner: string | null) => b.snapshot({ tables: [b.table({ owner })], schemas: [b.schema({ owner })] });

  test('null on either side means "not declared": not compared', async () => {
    expect((await compare(owned(null), owned('app'))).changes).toEqual([]);
    expect((await compare(owned('app'), owned(null))).changes).toEqual([]);
  });

  test('two declared owners are compared', async () => {
    const diff = await compare(owned('app'), owned('postgres'));
    expect(ids(diff.changes)).toEqual(['schema:public', 'table:public.users']);
    expect(diff.changes.every((c) => c.severity === 'warning')).toBe(true);
  });

  test('owners: false ignores them', async () => {
    expect((await compare(owned('app'), owned('postgres'), { owners: false })).changes).toEqual([]);
  });
});

describe('comments and grants switches', () => {
  test("null and '' are both no comment", async () => {
    const s = (comment: string | null) => b.snapshot({ tables: [b.table({ comment })] });
    expect((await compare(s(null), s(''))).changes).toEqual([]);
    expect((await compare(s('x'), s(''))).changes).toHaveLength(1);
    expect((await compare(s('x'), s('y'), { comments: false })).changes).toEqual([]);
  });

  test('grants: false ignores grants', async () => {
    const s = b.snapshot({ grants: [b.grant()] });
    expect((await compare(s, b.snapshot(), { grants: false })).changes).toEqual([]);
    expect((await compare(s, b.snapshot())).changes).toHaveLength(1);
  });
});

describe('ignoreTables', () => {
  const alembic = b.snapshot({
    tables: [b.table({ name: 'alembic_version', columns: [b.column({ name: 'version_num', type: 'character varying(32)', notNull: true })] })],
    constraints: [b.constraint({ table: 'alembic_version', name: 'alembic_version_pkc', definition: 'PRIMARY KEY (version_num)' })],
  });

  test('leaves the tables out, with everything on them; none by default (introspection drops bookkeeping tables)', async () => {
    expect((await compare(b.snapshot(), alembic, { ignoreTables: ['alembic_version'] })).changes).toEqual([]);
    expect((await compare(alembic, b.snapshot(), { ignoreTables: ['alembic_version'] })).changes).toEqual([]);
    expect(ids((await compare(b.snapshot(), alembic)).changes)).toEqual(['table:public.alembic_version']);
  });

  test('accepts schema.name', async () => {
    const custom = b.snapshot({ tables: [b.table({ schema: 'ops', name: 'versions' })] });
    expect((await compare(b.snapshot(), custom, { ignoreTables: ['ops.versions'] })).changes).toEqual([]);
  });
});

describe('ids', () => {
  test('routines carry their identity arguments; procedures and aggregates get their object type', async () => {
    const diff = await compare(
      b.snapshot({
        functions: [
          b.routine({ name: 'purge', kind: 'procedure', identityArguments: 'IN days integer', returns: null }),
          b.routine({ name: 'total', kind: 'aggregate', identityArguments: 'numeric' }),
          b.routine({ identityArguments: 'a integer', arguments: 'a integer' }),
        ],
      }),
      b.snapshot(),
    );
    expect(ids(diff.changes)).toEqual(['function:public.add(a integer)', 'function:public.total(numeric)', 'procedure:public.purge(IN days integer)']);
    expect(diff.changes[0]).toMatchObject({ name: 'add(a integer)', schema: 'public', table: null });
  });

  test('overloads are different functions', async () => {
    const diff = await compare(b.snapshot({ functions: [b.routine({ identityArguments: 'integer' })] }), b.snapshot({ functions: [b.routine({ identityArguments: 'bigint' })] }));
    expect(diff.changes.map((c) => `${c.kind} ${c.id}`)).toEqual(['unexpected function:public.add(bigint)', 'missing function:public.add(integer)']);
  });

  test('grants: column, schema and function grants', async () => {
    const diff = await compare(
      b.snapshot({
        grants: [
          b.grant({ objectType: 'column', column: 'email', privilege: 'UPDATE' }),
          b.grant({ objectType: 'schema', object: 'public', privilege: 'USAGE', grantee: 'public' }),
          b.grant({ objectType: 'function', object: 'add(a integer, b integer)', privilege: 'EXECUTE' }),
        ],
      }),
      b.snapshot(),
    );
    expect(diff.changes.map((c) => [c.id, c.message])).toEqual([
      ['grant:function public.add(a integer, b integer) to app EXECUTE', 'grant EXECUTE on function public.add(a integer, b integer) to app is missing'],
      ['grant:column public.users.email to app UPDATE', 'grant UPDATE (email) on table public.users to app is missing'],
      ['grant:schema public to public USAGE', 'grant USAGE on schema public to public is missing'],
    ]);
  });

  test('a view turned materialized is one change', async () => {
    const diff = await compare(b.snapshot({ views: [b.view()] }), b.snapshot({ views: [b.view({ materialized: true })] }));
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({ id: 'view:public.active_users', objectType: 'view', kind: 'changed' });
  });
});

describe('messages', () => {
  test('the documented examples', async () => {
    const users = (columns: ReturnType<typeof b.column>[]) => b.table({ columns });
    const expected = b.snapshot({
      tables: [users([b.column({ name: 'email', type: 'text' })]), b.table({ name: 'orders' })],
      indexes: [b.index({ table: 'orders', name: 'orders_user_id_idx' }), b.index({ table: 'orders', name: 'orders_created_idx' })],
    });
    const actual = b.snapshot({
      tables: [users([b.column({ name: 'email', type: 'character varying(255)' }), b.column({ name: 'hotfix_flag', type: 'boolean' })]), b.table({ name: 'orders' })],
      indexes: [b.index({ table: 'orders', name: 'orders_created_idx', valid: false })],
    });
    const diff = await compare(expected, actual);
    expect(diff.changes.map((c) => c.message)).toEqual([
      'index public.orders.orders_created_idx is invalid (a failed CREATE INDEX CONCURRENTLY leaves it so)',
      'index public.orders.orders_user_id_idx is missing',
      'column public.users.email: type text expected, character varying(255) found',
      'column public.users.hotfix_flag is not expected (boolean)',
    ]);
    expect(diff.changes[2]).toMatchObject({ expected: { type: 'text' }, actual: { type: 'character varying(255)' } });
  });

  test('several differences in one object are one change, at the highest severity', async () => {
    const diff = await compare(
      b.snapshot({ tables: [b.table({ columns: [b.column({ name: 'n', type: 'integer', default: '0', comment: 'count' })] })] }),
      b.snapshot({ tables: [b.table({ columns: [b.column({ name: 'n', type: 'bigint', default: '1', comment: null })] })] }),
    );
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({
      severity: 'error',
      expected: { type: 'integer', default: '0', comment: 'count' },
      actual: { type: 'bigint', default: '1', comment: null },
      message: "column public.users.n: type integer expected, bigint found; default 0 expected, 1 found; comment 'count' expected, none found",
    });
  });

  test('a missing constraint says what it was', async () => {
    const fk = b.constraint({ name: 'orders_user_fk', table: 'orders', type: 'foreign key', definition: 'FOREIGN KEY (user_id) REFERENCES public.users(id)' });
    const diff = await compare(b.snapshot({ constraints: [fk] }), b.snapshot());
    expect(diff.changes[0]!.message).toBe('constraint public.orders.orders_user_fk is missing (FOREIGN KEY (user_id) REFERENCES public.users(id))');
  });

  test('long values are left to expected and actual', async () => {
    const long = (n: number) => ` SELECT ${Array.from({ length: 40 }, (_, i) => `c${i}`).join(', ')}\n   FROM t\n  WHERE x > ${n};`;
    const diff = await compare(b.snapshot({ views: [b.view({ definition: long(1) })] }), b.snapshot({ views: [b.view({ definition: long(2) })] }));
    expect(diff.changes[0]!.message).toBe('view public.active_users: definition differs (see expected and actual)');
    expect(diff.changes[0]!.expected).toEqual({ definition: long(1) });
  });

  test('comments with line breaks stay on one line', async () => {
    const diff = await compare(b.snapshot({ schemas: [b.schema({ comment: 'a\nb' })] }), b.snapshot({ schemas: [b.schema()] }));
    expect(diff.changes[0]!.message).toBe("schema public: comment 'a\\nb' expected, none found");
  });
});

describe('derived properties', () => {
  const idx = (definition: string, keys: string[]) => b.snapshot({ indexes: [b.index({ definition, keys })] });

  test('are reported with the definition they come from, which alone is in the message', async () => {
    const diff = await compare(
      idx('CREATE INDEX users_email_idx ON public.users USING btree (email)', ['email']),
      idx('CREATE INDEX users_email_idx ON public.users USING btree (lower(email))', ['lower(email)']),
    );
    expect(diff.changes[0]).toMatchObject({ expected: { definition: expect.any(String), keys: ['email'] }, actual: { keys: ['lower(email)'] } });
    expect(diff.changes[0]!.message).not.toContain('keys');
  });

  test('differ in spelling only when the definition is the same tree: no change', async () => {
    const diff = await compare(
      idx('CREATE INDEX users_email_idx ON public.users USING btree (lower((email)::text))', ['lower((email)::text)']),
      idx('CREATE INDEX users_email_idx ON public.users USING btree (lower(email::text))', ['lower(email::text)']),
    );
    expect(diff.changes).toEqual([]);
  });

  test('a constraint made NOT VALID differs in validated, not in definition', async () => {
    const diff = await compare(
      b.snapshot({ constraints: [b.constraint({ type: 'check', name: 'c', definition: 'CHECK ((id > 0))' })] }),
      b.snapshot({ constraints: [b.constraint({ type: 'check', name: 'c', definition: 'CHECK ((id > 0)) NOT VALID', validated: false })] }),
    );
    expect(diff.changes.map((c) => c.actual)).toEqual([{ validated: false }]);
  });

  test('a fillfactor differs in options (a warning), not in definition', async () => {
    const diff = await compare(
      b.snapshot({ indexes: [b.index({ definition: "CREATE INDEX users_email_idx ON public.users USING btree (email) WITH (fillfactor='70')", options: ['fillfactor=70'] })] }),
      b.snapshot({ indexes: [b.index({ definition: 'CREATE INDEX users_email_idx ON public.users USING btree (email)', options: [] })] }),
    );
    expect(diff.changes.map((c) => [c.severity, c.actual])).toEqual([['warning', { options: [] }]]);
  });
});

describe('determinism', () => {
  const expected = b.snapshot({
    schemas: [b.schema({ name: 'app' }), b.schema()],
    tables: [b.table({ name: 'b' }), b.table({ name: 'a', columns: [b.column({ name: 'x' }), b.column({ name: 'y' })] }), b.table({ schema: 'app', name: 'z' })],
    indexes: [b.index({ table: 'a', name: 'a2' }), b.index({ table: 'a', name: 'a1' })],
    enums: [b.enumType()],
    functions: [b.routine()],
    grants: [b.grant({ object: 'a' })],
  });
  const actual = b.snapshot({ tables: [b.table({ name: 'a', columns: [b.column({ name: 'y', type: 'text' })] })] });

  test('changes are sorted by schema, then each table with its parts, by object type and name', async () => {
    const diff = await compare(expected, actual);
    expect(ids(diff.changes)).toEqual([
      'schema:app',
      'table:app.z',
      'schema:public',
      'enum:public.mood',
      'function:public.add(a integer, b integer)',
      'grant:table public.a to app SELECT',
      'column:public.a.x',
      'column:public.a.y',
      'index:public.a.a1',
      'index:public.a.a2',
      'table:public.b',
    ]);
  });

  test('the same input in any order gives the same output', async () => {
    const reversed = (s: typeof expected) =>
      Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Array.isArray(v) ? [...v].reverse() : v])) as typeof expected;
    expect(await compare(reversed(expected), reversed(actual))).toEqual(await compare(expected, actual));
  });
});
