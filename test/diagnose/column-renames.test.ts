import { columnRenames, renamedToward } from '../../src/diagnose/column-renames.js';
import type { RevisionObject, SourceStep } from '../../src/diagnose/revision-objects.js';
import * as b from '../compare/builders.js';

// A revision's RENAME COLUMN reads as one statement dropping a name and creating another.
const step = (action: SourceStep['action'], statement: number): SourceStep => ({ action, file: '/p/versions/0002_tier.py', line: 20 + statement, concurrently: false, statement });
const column = (name: string, ...steps: SourceStep[]): RevisionObject => ({
  ref: { id: `column:public.accounts.${name}`, objectType: 'column', schema: 'public', table: 'accounts', name },
  steps,
});

test('a drop and a create of columns of one table in one statement is a rename; in two statements it is not', () => {
  expect(columnRenames([column('tier', step('drop', 0)), column('tier_level', step('create', 0), step('alter', 1))])).toEqual([
    { schema: 'public', table: 'accounts', from: 'tier', to: 'tier_level', file: '/p/versions/0002_tier.py', line: 20 },
  ]);
  expect(columnRenames([column('tier', step('drop', 0)), column('tier_level', step('create', 1))])).toEqual([]);
});

describe('renamedToward', () => {
  const renames = columnRenames([column('tier', step('drop', 0)), column('tier_level', step('create', 0))]);
  const withColumn = (name: string, type = 'text') => b.snapshot({ tables: [b.table({ name: 'accounts', columns: [b.column({ name: 'id' }), b.column({ name, type })] })] });

  test('revert: the live column renamed back, and the live snapshot as it is afterwards', () => {
    const r = renamedToward(withColumn('tier_level'), withColumn('tier'), renames);
    expect(r.statements.map((s) => [s.sql, s.hazards])).toEqual([['ALTER TABLE public.accounts RENAME COLUMN tier_level TO tier', ['access-exclusive-lock']]]);
    expect(r.live.tables[0]?.columns.map((c) => c.name)).toEqual(['id', 'tier']);
  });

  test('finish: renamed forward, whatever else differs left to the plan', () => {
    const r = renamedToward(withColumn('tier'), withColumn('tier_level', 'smallint'), renames);
    expect(r.statements.map((s) => s.sql)).toEqual(['ALTER TABLE public.accounts RENAME COLUMN tier TO tier_level']);
    expect(r.live.tables[0]?.columns.find((c) => c.name === 'tier_level')?.type).toBe('text');
  });

  test('nothing to rename when both names exist, or the target has neither', () => {
    const both = b.snapshot({ tables: [b.table({ name: 'accounts', columns: [b.column({ name: 'tier' }), b.column({ name: 'tier_level' })] })] });
    expect(renamedToward(both, withColumn('tier'), renames).statements).toEqual([]);
    expect(renamedToward(withColumn('tier_level'), withColumn('other'), renames).statements).toEqual([]);
  });
});
