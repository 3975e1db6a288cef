import { emptySnapshot } from '../../src/model/snapshot.js';
import { renderSnapshotSummary } from '../../src/report/snapshot-summary.js';
import { fullSnapshot } from '../model/full-snapshot.js';

describe('renderSnapshotSummary', () => {
  it('counts every kind present, and where the snapshot went', () => {
    expect(renderSnapshotSummary(fullSnapshot(), 'schemas/app.snapshot.json')).toBe(
      'snapshot of postgres://app@db:5432/app: 3 tables, 3 columns, 5 constraints, 2 indexes, 2 schemas, 1 extension, ' +
        '2 sequences, 1 view, 1 materialized view, 3 functions, 1 procedure, 4 triggers, 2 enums, 2 domains, ' +
        '2 composite types, 2 policies, 5 grants; written to schemas/app.snapshot.json\n',
    );
  });

  it('always shows tables, columns, constraints and indexes, and nothing about a file when none was written', () => {
    const empty = emptySnapshot({ kind: 'sql', description: 'db/schema.sql', serverVersionNum: null });
    expect(renderSnapshotSummary(empty, null)).toBe(
      'snapshot of db/schema.sql: 0 tables, 0 columns, 0 constraints, 0 indexes\n',
    );
  });
});
