import type { Snapshot } from '../model/snapshot.js';

/**
 * What SQLAlchemy models cannot declare, so a comparison with models never reports it: it is
 * not drift that a database has grants, triggers or functions its models say nothing about.
 */
export const NOT_DECLARED_BY_MODELS: readonly string[] = [
  'schemas',
  'extensions',
  'views',
  'functions and procedures',
  'triggers',
  'domains',
  'composite types',
  'row-level security and policies',
  'grants and owners',
  'comments the models do not declare',
];

/**
 * Both snapshots cut down to what models can declare — tables, columns (type, nullability,
 * server default, identity, generated), keys, unique and check constraints, foreign keys,
 * indexes, sequences, enum types, and the comments the models give — for a comparison of
 * models with migrations or a database.
 *
 * @example const { expected, actual } = inModelScope(await snapshotModels('app/models'), live);
 */
export function inModelScope(models: Snapshot, other: Snapshot): { expected: Snapshot; actual: Snapshot } {
  const declared = new Set<string>();
  for (const t of models.tables) {
    if (t.comment !== null) declared.add(`table:${t.schema}.${t.name}`);
    for (const c of t.columns) if (c.comment !== null) declared.add(`column:${t.schema}.${t.name}.${c.name}`);
  }
  const cut = (s: Snapshot): Snapshot => ({
    ...s,
    schemas: [],
    extensions: [],
    views: [],
    functions: [],
    triggers: [],
    domains: [],
    compositeTypes: [],
    policies: [],
    grants: [],
    tables: s.tables.map((t) => ({
      ...t,
      rlsEnabled: false,
      rlsForced: false,
      owner: null,
      comment: declared.has(`table:${t.schema}.${t.name}`) ? t.comment : null,
      columns: t.columns.map((c) => ({ ...c, comment: declared.has(`column:${t.schema}.${t.name}.${c.name}`) ? c.comment : null })),
    })),
    constraints: s.constraints.map((c) => ({ ...c, comment: null })),
    indexes: s.indexes.map((i) => ({ ...i, comment: null })),
    sequences: s.sequences.map((q) => ({ ...q, owner: null, comment: null })),
    enums: s.enums.map((e) => ({ ...e, owner: null, comment: null })),
  });
  return { expected: cut(models), actual: cut(other) };
}
