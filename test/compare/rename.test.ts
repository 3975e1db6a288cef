import { compare } from '../../src/compare/compare.js';
import * as b from './builders.js';

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
