import { compare } from '../../src/compare/compare.js';
import { buildReport } from '../../src/report/report.js';
import * as b from './builders.js';

const SOURCE = { kind: 'postgres', description: 'db', serverVersionNum: 180000 };

const HINT = (from: string, to: string) => `(looks like a rename of ${from} to ${to})`;

describe('rename hints', () => {
  test('a column: same type, nullability and default under another name', async () => {
    const diff = await compare(
      b.snapshot({ tables: [b.table({ columns: [b.column(), b.column({ name: 'mail', type: 'text', notNull: true, default: "''::text" })] })] }),
      b.snapshot({ tables: [b.table({ columns: [b.column(), b.column({ name: 'email', type: 'text', notNull: true, default: "''::text" })] })] }),
    );
    expect(diff.changes.map((c) => [c.kind, c.message, c.renameHint])).toEqual([
      ['unexpected', `column public.users.email is not expected (text NOT NULL) ${HINT('mail', 'email')}`, { from: 'mail', to: 'email' }],
      ['missing', `column public.users.mail is missing (text NOT NULL) ${HINT('mail', 'email')}`, { from: 'mail', to: 'email' }],
    ]);
  });

  test('no hint when the definitions differ', async () => {
    const diff = await compare(
      b.snapshot({ tables: [b.table({ columns: [b.column({ name: 'mail', type: 'text' })] })] }),
      b.snapshot({ tables: [b.table({ columns: [b.column({ name: 'email', type: 'character varying' })] })] }),
    );
    expect(diff.changes).toHaveLength(2);
    expect(diff.changes.some((c) => c.message.includes('rename') || c.renameHint)).toBe(false);
  });

  test('no hint when it is ambiguous', async () => {
    const diff = await compare(
      b.snapshot({ tables: [b.table({ columns: [b.column({ name: 'a', type: 'text' }), b.column({ name: 'b', type: 'text' })] })] }),
      b.snapshot({ tables: [b.table({ columns: [b.column({ name: 'c', type: 'text' })] })] }),
    );
    expect(diff.changes).toHaveLength(3);
    expect(diff.changes.some((c) => c.renameHint)).toBe(false);
  });

  test('no hint across tables', async () => {
    const diff = await compare(
      b.snapshot({ tables: [b.table({ columns: [b.column({ name: 'a' })] }), b.table({ name: 'orders', columns: [] })] }),
      b.snapshot({ tables: [b.table({ columns: [] }), b.table({ name: 'orders', columns: [b.column({ name: 'b' })] })] }),
    );
    expect(diff.changes.some((c) => c.renameHint)).toBe(false);
  });

  test('an index: the same definition with the name replaced', async () => {
    const diff = await compare(b.snapshot({ indexes: [b.index({ name: 'users_email_idx' })] }), b.snapshot({ indexes: [b.index({ name: 'ix_users_email' })] }));
    expect(diff.changes.map((c) => c.message)).toEqual([
      `index public.users.ix_users_email is not expected ${HINT('users_email_idx', 'ix_users_email')}`,
      `index public.users.users_email_idx is missing ${HINT('users_email_idx', 'ix_users_email')}`,
    ]);
  });

  test('a table: the same columns, its parts not reported', async () => {
    const cols = [b.column({ name: 'id', type: 'bigint', notNull: true }), b.column({ name: 'email', type: 'text' })];
    const diff = await compare(
      b.snapshot({ tables: [b.table({ name: 'user', columns: cols })], indexes: [b.index({ table: 'user' })] }),
      b.snapshot({ tables: [b.table({ name: 'users', columns: [...cols].reverse() })], indexes: [b.index({ table: 'users' })] }),
    );
    expect(diff.changes.map((c) => c.message)).toEqual([`table public.user is missing ${HINT('user', 'users')}`, `table public.users is not expected ${HINT('user', 'users')}`]);
  });

  test('a constraint, a trigger, a view, a function, an enum', async () => {
    const diff = await compare(
      b.snapshot({
        constraints: [b.constraint({ name: 'pk_users' })],
        triggers: [b.trigger({ name: 't_old' })],
        views: [b.view({ name: 'v_old' })],
        functions: [b.routine({ name: 'f_old' })],
        enums: [b.enumType({ name: 'e_old' })],
      }),
      b.snapshot({
        constraints: [b.constraint({ name: 'users_pkey' })],
        triggers: [b.trigger({ name: 't_new' })],
        views: [b.view({ name: 'v_new' })],
        functions: [b.routine({ name: 'f_new' })],
        enums: [b.enumType({ name: 'e_new' })],
      }),
    );
    expect(diff.changes).toHaveLength(10);
    expect(diff.changes.filter((c) => c.renameHint).length).toBe(10);
    expect(diff.changes.find((c) => c.id === 'function:public.f_new(a integer, b integer)')!.renameHint).toEqual({ from: 'f_old(a integer, b integer)', to: 'f_new(a integer, b integer)' });
  });
});

describe('pairs that are one difference', () => {
  const uniqueEmail = b.constraint({ name: 'users_email_key', type: 'unique', definition: 'UNIQUE (email)', columns: ['email'] });
  const uniqueLower = (name = 'uq_users_email_lower', keys = ['lower(email)']) =>
    b.index({ name, unique: true, keys, definition: `CREATE UNIQUE INDEX ${name} ON public.users USING btree (${keys.join(', ')})`, predicate: '(email IS NOT NULL)' });

  test('a unique constraint expected, a unique index on the same column found: paired, each naming the other', async () => {
    const diff = await compare(b.snapshot({ constraints: [uniqueEmail] }), b.snapshot({ indexes: [uniqueLower()] }));
    expect(diff.changes.map((c) => [c.id, c.pairedWith])).toEqual([
      ['constraint:public.users.users_email_key', 'index:public.users.uq_users_email_lower'],
      ['index:public.users.uq_users_email_lower', 'constraint:public.users.users_email_key'],
    ]);
    expect(diff.changes[0]?.message).toBe('constraint public.users.users_email_key is missing (UNIQUE (email)) (the same columns are made unique by index uq_users_email_lower, found instead)');
    const report = buildReport(diff, SOURCE, SOURCE, 'warning');
    expect([report.summary.total, report.summary.findings]).toEqual([2, 1]);
  });

  test('no pair when the index covers other columns, or when two indexes could be the one', async () => {
    const other = await compare(b.snapshot({ constraints: [uniqueEmail] }), b.snapshot({ indexes: [uniqueLower('uq_users_name', ['lower(name)'])] }));
    expect(other.changes.some((c) => c.pairedWith)).toBe(false);
    const two = await compare(b.snapshot({ constraints: [uniqueEmail] }), b.snapshot({ indexes: [uniqueLower(), uniqueLower('uq_users_email_trim', ['btrim(email)'])] }));
    expect(two.changes.some((c) => c.pairedWith)).toBe(false);
    const plain = await compare(b.snapshot({ constraints: [uniqueEmail] }), b.snapshot({ indexes: [{ ...uniqueLower(), unique: false }] }));
    expect(plain.changes.some((c) => c.pairedWith)).toBe(false);
  });

  test('a rename pair counts as one finding; a changed primary key is one change, not one with its index', async () => {
    const renamed = await compare(b.snapshot({ indexes: [b.index({ name: 'users_email_idx' })] }), b.snapshot({ indexes: [b.index({ name: 'ix_users_email' })] }));
    expect(buildReport(renamed, SOURCE, SOURCE, 'warning').summary).toMatchObject({ total: 2, findings: 1 });
    const pk = (columns: string[]) => ({
      constraints: [b.constraint({ definition: `PRIMARY KEY (${columns.join(', ')})`, columns })],
      indexes: [b.index({ name: 'users_pkey', unique: true, constraint: 'users_pkey', keys: columns, definition: `CREATE UNIQUE INDEX users_pkey ON public.users USING btree (${columns.join(', ')})` })],
    });
    const changed = await compare(b.snapshot(pk(['id'])), b.snapshot(pk(['id', 'tenant_id'])));
    expect(changed.changes.map((c) => c.message)).toEqual(['constraint public.users.users_pkey: definition PRIMARY KEY (id) expected, PRIMARY KEY (id, tenant_id) found']);
  });
});
