import type { Snapshot } from '../model/snapshot.js';
import { terminalText } from './color.js';

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/**
 * One line telling what `pgdrift snapshot` captured: tables, columns, constraints and indexes
 * always; other kinds only when present.
 *
 * @example
 * renderSnapshotSummary(s, 'schemas/app.snapshot.json')
 * // 'snapshot of postgres://app@db/app: 12 tables, 80 columns, 25 constraints, 30 indexes, 2 enums; written to schemas/app.snapshot.json\n'
 */
export function renderSnapshotSummary(s: Snapshot, writtenTo: string | null): string {
  const views = s.views.filter((v) => !v.materialized).length;
  const matviews = s.views.length - views;
  const procedures = s.functions.filter((f) => f.kind === 'procedure').length;
  const always = [
    count(s.tables.length, 'table'),
    count(
      s.tables.reduce((n, t) => n + t.columns.length, 0),
      'column',
    ),
    count(s.constraints.length, 'constraint'),
    count(s.indexes.length, 'index', 'indexes'),
  ];
  const optional: [number, string, string?][] = [
    [s.schemas.length, 'schema'],
    [s.extensions.length, 'extension'],
    [s.sequences.length, 'sequence'],
    [views, 'view'],
    [matviews, 'materialized view'],
    [s.functions.length - procedures, 'function'],
    [procedures, 'procedure'],
    [s.triggers.length, 'trigger'],
    [s.enums.length, 'enum'],
    [s.domains.length, 'domain'],
    [s.compositeTypes.length, 'composite type'],
    [s.policies.length, 'policy', 'policies'],
    [s.grants.length, 'grant'],
  ];
  const parts = [...always, ...optional.filter(([n]) => n > 0).map(([n, one, many]) => count(n, one, many))];
  const where = writtenTo === null ? '' : `; written to ${writtenTo}`;
  return terminalText([`snapshot of ${s.source.description}: ${parts.join(', ')}${where}`]);
}
