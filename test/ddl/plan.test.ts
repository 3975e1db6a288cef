import { loadParser } from '../../src/compare/postgres/canonical.js';
import { compare } from '../../src/compare/compare.js';
import { enumStrategy } from '../../src/ddl/kinds/enum.js';
import { planChanges, planMigration } from '../../src/ddl/plan.js';
import type { DdlPlan } from '../../src/ddl/statement.js';
import { column, constraint, enumType, index, routine, snapshot, table, view } from '../compare/builders.js';

beforeAll(() => loadParser());

const sqls = (plan: DdlPlan): string[] => plan.statements.map((s) => s.sql);
const find = (plan: DdlPlan, start: string) => {
  const s = [...plan.statements, ...plan.withheld].find((x) => x.sql.startsWith(start));
  if (!s) throw new Error(`no statement starting with ${start} in:\n${[...sqls(plan), ...plan.withheld.map((w) => `(withheld) ${w.sql}`)].join('\n')}`);
  return s;
};

const users = table({ name: 'users', columns: [column({ name: 'id', type: 'bigint', notNull: true }), column({ name: 'email', type: 'text' })] });

describe('quoting', () => {
  test('names needing quotes are quoted; catalog text is used as it is', async () => {
    const t = table({ schema: 'My App', name: 'user', columns: [column({ name: 'Email', type: 'public.citext', collation: '"C"' }), column({ name: 'from', type: 'text', default: "'x'::text" })] });
    const plan = await planMigration(snapshot(), snapshot({ tables: [t] }));
    expect(sqls(plan)[0]).toBe('CREATE TABLE "My App"."user" (\n    "Email" public.citext COLLATE "C",\n    "from" text DEFAULT \'x\'::text\n)');
  });
});

describe('order', () => {
  test('views are created after the views they select from and dropped before them, whatever their names', async () => {
    const base = view({ name: 'z_base', definition: ' SELECT id FROM public.users;' });
    const top = view({ name: 'a_top', definition: ' SELECT id FROM public.z_base;' });
    const built = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [users], views: [top, base] }));
    expect(sqls(built).filter((s) => s.startsWith('CREATE VIEW'))).toEqual([expect.stringContaining('public.z_base'), expect.stringContaining('public.a_top')]);
    const dropped = await planMigration(snapshot({ tables: [users], views: [base, top] }), snapshot({ tables: [users] }), { unsafe: true });
    expect(sqls(dropped)).toEqual(['DROP VIEW public.a_top', 'DROP VIEW public.z_base']);
  });

  test('foreign keys come after every table they link, types before the tables that use them', async () => {
    const orders = table({ name: 'orders', columns: [column({ name: 'user_id', type: 'bigint' }), column({ name: 'mood', type: 'public.mood' })] });
    const fk = constraint({ table: 'orders', name: 'orders_user_id_fkey', type: 'foreign key', definition: 'FOREIGN KEY (user_id) REFERENCES public.users(id)', columns: ['user_id'], references: { schema: 'public', table: 'users', columns: ['id'], match: 'simple', onUpdate: 'no action', onDelete: 'no action' } });
    const plan = await planMigration(snapshot(), snapshot({ tables: [orders, users], constraints: [fk, constraint()], enums: [enumType()] }));
    const at = (start: string): number => sqls(plan).findIndex((s) => s.startsWith(start));
    expect(at('CREATE TYPE public.mood')).toBeLessThan(at('CREATE TABLE public.orders'));
    expect(at('CREATE TABLE public.users')).toBeLessThan(at('ALTER TABLE public.orders ADD CONSTRAINT orders_user_id_fkey'));
    expect(at('ALTER TABLE public.users ADD CONSTRAINT users_pkey')).toBeLessThan(at('ALTER TABLE public.orders ADD CONSTRAINT orders_user_id_fkey'));
  });
});

describe('hazards', () => {
  test('a column added to a table in use locks it; one on a new table carries nothing', async () => {
    const wider = { ...users, columns: [...users.columns, column({ name: 'age', type: 'integer' })] };
    const plan = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [wider] }));
    expect(find(plan, 'ALTER TABLE public.users ADD COLUMN age').hazards).toEqual(['access-exclusive-lock']);
    const fresh = await planMigration(snapshot(), snapshot({ tables: [wider] }));
    expect(fresh.statements.every((s) => s.hazards.length === 0)).toBe(true);
  });

  test('a volatile default rewrites the table; SET NOT NULL scans it; a wider integer rewrites it', async () => {
    const changed = {
      ...users,
      columns: [column({ name: 'id', type: 'bigint', notNull: true }), column({ name: 'email', type: 'text', notNull: true }), column({ name: 'token', type: 'uuid', default: 'gen_random_uuid()' })],
    };
    const plan = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [changed] }));
    expect(find(plan, 'ALTER TABLE public.users ADD COLUMN token').hazards).toEqual(['rewrites-table', 'access-exclusive-lock']);
    expect(find(plan, 'ALTER TABLE public.users ALTER COLUMN email SET NOT NULL').hazards).toEqual(['access-exclusive-lock', 'scans-table']);
    const retyped = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [{ ...users, columns: [column({ name: 'id', type: 'integer', notNull: true }), users.columns[1]!] }] }));
    expect(find(retyped, 'ALTER TABLE public.users ALTER COLUMN id TYPE integer').hazards).toEqual(['rewrites-table', 'access-exclusive-lock']);
  });

  test('an index built on a table in use blocks writes, or runs concurrently outside a transaction', async () => {
    const plain = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [users], indexes: [index()] }));
    expect(find(plain, 'CREATE INDEX users_email_idx').hazards).toEqual(['blocks-writes']);
    const concurrent = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [users], indexes: [index()] }), { concurrently: true });
    const s = find(concurrent, 'CREATE INDEX CONCURRENTLY users_email_idx');
    expect(s).toMatchObject({ transactional: false, hazards: ['non-transactional'] });
    const chosen = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [users], indexes: [index()] }), { concurrently: (i) => i.name !== 'users_email_idx' });
    expect(find(chosen, 'CREATE INDEX users_email_idx').transactional).toBe(true);
  });

  test('a drop is destructive; a view dropped to be re-created is not', async () => {
    const dropped = await planMigration(snapshot({ tables: [users] }), snapshot(), { unsafe: true });
    expect(find(dropped, 'DROP TABLE public.users').hazards).toEqual(['destructive', 'access-exclusive-lock']);
    const v = view();
    const plan = await planMigration(snapshot({ tables: [users], views: [v] }), snapshot({ tables: [users], views: [{ ...v, definition: ' SELECT id FROM public.users WHERE id > 1;' }] }));
    expect(find(plan, 'DROP VIEW public.active_users')).toMatchObject({ hazards: [], note: expect.stringMatching(/CREATE OR REPLACE VIEW can only add columns/) });
  });
});

describe('withheld without unsafe', () => {
  test('destructive statements are withheld, in order, and the rest still runs', async () => {
    const narrower = { ...users, columns: [users.columns[0]!, column({ name: 'name', type: 'text' })] };
    const plan = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [narrower] }));
    expect(sqls(plan)).toEqual(['ALTER TABLE public.users ADD COLUMN name text']);
    expect(plan.withheld.map((s) => s.sql)).toEqual(['ALTER TABLE public.users DROP COLUMN email']);
    const unsafe = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [narrower] }), { unsafe: true });
    expect(unsafe.withheld).toEqual([]);
    expect(sqls(unsafe)).toEqual(['ALTER TABLE public.users DROP COLUMN email', 'ALTER TABLE public.users ADD COLUMN name text']);
  });

  test('what needs a withheld drop is withheld with it: a table re-created for a new partition key', async () => {
    const p = table({ name: 'p', kind: 'partitioned', partitionKey: 'RANGE (id)' });
    const plan = await planMigration(snapshot({ tables: [p] }), snapshot({ tables: [{ ...p, partitionKey: 'LIST (id)' }] }));
    expect(plan.statements).toEqual([]);
    expect(plan.withheld.map((s) => s.sql)).toEqual(['DROP TABLE public.p', expect.stringMatching(/^CREATE TABLE public.p .*PARTITION BY LIST \(id\)$/s)]);
  });
});

describe('notes and manual items', () => {
  test('a drop and a create that look like a rename carry the RENAME a reviewer may prefer', async () => {
    const renamed = { ...users, columns: [users.columns[0]!, column({ name: 'mail', type: 'text' })] };
    const plan = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [renamed] }), { unsafe: true });
    expect(find(plan, 'ALTER TABLE public.users DROP COLUMN email').note).toMatch(/`ALTER TABLE public.users RENAME COLUMN email TO mail` would keep its data/);
    expect(find(plan, 'ALTER TABLE public.users ADD COLUMN mail').note).toMatch(/RENAME COLUMN email TO mail/);
  });

  test('what no statement can make is a manual item with the reason', async () => {
    const agg = routine({ name: 'total', kind: 'aggregate', identityArguments: 'integer', arguments: 'integer' });
    const invalid = index({ valid: false });
    const plan = await planMigration(snapshot({ tables: [users] }), snapshot({ tables: [users], functions: [agg], indexes: [invalid] }));
    expect(plan.manual).toEqual([
      { changeId: 'function:public.total(integer)', reason: expect.stringMatching(/not in the model/) },
      { changeId: 'index:public.users.users_email_idx', reason: expect.stringMatching(/INVALID/) },
    ]);
  });
});

describe('subsets and versions', () => {
  test('a subset of a diff plans only those changes, each with what it implies', async () => {
    const from = snapshot({ tables: [users] });
    const to = snapshot({ tables: [{ ...users, comment: 'people' }], indexes: [index()], views: [view()] });
    const diff = await compare(to, from);
    const plan = planChanges(from, to, diff.changes.filter((c) => c.objectType === 'index'));
    expect(sqls(plan)).toEqual(['CREATE INDEX users_email_idx ON public.users USING btree (email)']);
    expect(plan.statements[0]?.changeIds).toEqual(['index:public.users.users_email_idx']);
  });

  test('every change of a diff is named by a statement, a withheld statement or a manual item', async () => {
    const pk = constraint();
    const from = snapshot({ tables: [users] });
    const to = snapshot({ tables: [users], constraints: [pk], indexes: [index({ name: 'users_pkey', unique: true, constraint: 'users_pkey', definition: 'CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)' })] });
    const diff = await compare(to, from);
    const plan = planChanges(from, to, diff.changes);
    const named = new Set([...plan.statements, ...plan.withheld].flatMap((s) => s.changeIds).concat(plan.manual.map((m) => m.changeId)));
    expect(diff.changes.map((c) => c.id).filter((id) => !named.has(id))).toEqual([]);
  });

  test('a generation expression changes in place from PostgreSQL 17, by dropping and adding the column before', async () => {
    const gen = (expr: string) => table({ columns: [column({ name: 'a', type: 'integer' }), column({ name: 'b', type: 'integer', generated: expr, generatedStorage: 'stored' })] });
    const from = snapshot({ tables: [gen('(a * 2)')] });
    const to = snapshot({ tables: [gen('(a * 3)')] });
    expect(sqls(await planMigration(from, to, { serverVersionNum: 170000 }))).toEqual(['ALTER TABLE public.users ALTER COLUMN b SET EXPRESSION AS ((a * 3))']);
    expect(sqls(await planMigration(from, to, { serverVersionNum: 150004 }))).toEqual([
      'ALTER TABLE public.users DROP COLUMN b',
      'ALTER TABLE public.users ADD COLUMN b integer GENERATED ALWAYS AS ((a * 3)) STORED',
    ]);
  });
});

test('enum labels: added in place, renamed in place, otherwise the type is replaced', () => {
  expect(enumStrategy(['a', 'b'], ['a', 'b', 'c'])).toEqual({ kind: 'add', steps: ["'c' AFTER 'b'"] });
  expect(enumStrategy(['a', 'b'], ['z', 'a', 'y', 'b'])).toEqual({ kind: 'add', steps: ["'z' BEFORE 'a'", "'y' AFTER 'a'"] });
  expect(enumStrategy([], ['a'])).toEqual({ kind: 'add', steps: ["'a'"] });
  expect(enumStrategy(['a', 'b'], ['a', 'bb'])).toEqual({ kind: 'rename', pairs: [['b', 'bb']] });
  expect(enumStrategy(['a', 'b', 'c'], ['a', 'c', 'b'])).toEqual({ kind: 'replace' });
  expect(enumStrategy(['a', 'b', 'c'], ['a', 'b'])).toEqual({ kind: 'replace' });
});
