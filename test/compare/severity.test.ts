import { compare } from '../../src/compare/compare.js';
import { changedSeverity, highest, MISSING, UNEXPECTED } from '../../src/compare/severity.js';
import * as b from './builders.js';

const withColumns = (...columns: ReturnType<typeof b.column>[]) => b.snapshot({ tables: [b.table({ columns: [b.column(), ...columns] })] });

describe('refinements of the severity table', () => {
  test('an unexpected NOT NULL column with nothing to fill it breaks INSERTs: error', async () => {
    const cases = [
      [b.column({ name: 'x', notNull: true }), 'error'],
      [b.column({ name: 'x', notNull: true, default: 'false' }), 'warning'],
      [b.column({ name: 'x', notNull: true, generated: '(id * 2)' }), 'warning'],
      [b.column({ name: 'x', notNull: true, identity: { generation: 'always', sequence: { type: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cache: '1', cycle: false } } }), 'warning'],
      [b.column({ name: 'x', notNull: false }), 'warning'],
    ] as const;
    for (const [col, severity] of cases) {
      const diff = await compare(withColumns(), withColumns(col));
      expect([col, diff.changes.map((c) => c.severity)]).toEqual([col, [severity]]);
    }
    const [c] = (await compare(withColumns(), withColumns(b.column({ name: 'x', type: 'boolean', notNull: true })))).changes;
    expect(c!.message).toBe('column public.users.x is not expected (boolean NOT NULL)');
  });

  test('an unexpected unique index rejects writes: error; a plain one is a warning', async () => {
    const unique = b.index({ name: 'u', unique: true, definition: 'CREATE UNIQUE INDEX u ON public.users USING btree (email)' });
    expect((await compare(b.snapshot(), b.snapshot({ indexes: [unique] }))).changes[0]!.severity).toBe('error');
    expect((await compare(b.snapshot(), b.snapshot({ indexes: [b.index()] }))).changes[0]!.severity).toBe('warning');
  });

  test('any missing index is an error, unique or not', async () => {
    expect((await compare(b.snapshot({ indexes: [b.index()] }), b.snapshot())).changes[0]!.severity).toBe('error');
  });

  test('a NOT NULL column that lost its default: error; a nullable one: warning', async () => {
    const sev = async (notNull: boolean) =>
      (await compare(withColumns(b.column({ name: 'n', notNull, default: '0' })), withColumns(b.column({ name: 'n', notNull, default: null })))).changes[0]!.severity;
    expect(await sev(true)).toBe('error');
    expect(await sev(false)).toBe('warning');
  });

  test('unknown properties default to error, and the highest severity wins', () => {
    expect(changedSeverity('policy', 'using', 'a', 'b', {})).toBe('error');
    expect(changedSeverity('table', 'comment', 'a', 'b', {})).toBe('info');
    expect(highest(['info', 'warning'])).toBe('warning');
    expect(highest(['info', 'error', 'warning'])).toBe('error');
    expect(highest(['info'])).toBe('info');
  });

  test('every object type has a missing and an unexpected severity', () => {
    const types = ['schema', 'extension', 'table', 'column', 'constraint', 'index', 'sequence', 'view', 'materialized view', 'function', 'procedure', 'trigger', 'enum', 'domain', 'composite type', 'policy', 'grant'];
    expect(Object.keys(MISSING).sort()).toEqual([...types].sort());
    expect(Object.keys(UNEXPECTED).sort()).toEqual([...types].sort());
  });
});
