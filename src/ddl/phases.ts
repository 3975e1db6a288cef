/**
 * Where each statement goes in a script. A plan first takes away what is in the way — the
 * dependents before what they depend on — then builds in dependency order: schemas and
 * extensions, types, sequences and the routines tables may call, tables and their columns,
 * constraints and indexes, foreign keys once every referenced key exists, then views (which
 * select from all of that), triggers, policies and grants; schemas are dropped last, once
 * empty. Within a phase, statements about one object stay together, and objects that refer to
 * each other (views on views, partitions and their parents, domains over domains) are put in
 * order by `order.ts`.
 */
export const Phase = {
  /** ALTER TYPE … ADD VALUE: committed before anything uses the new label. */
  enumLabels: 1,
  dropTriggers: 10,
  dropPolicies: 11,
  /** Views, and routines whose signature or SQL-standard body depends on relations. */
  dropViews: 12,
  dropForeignKeys: 13,
  dropConstraints: 14,
  dropIndexes: 15,
  /** DETACH PARTITION, NO INHERIT, and defaults that refer to something about to be dropped. */
  detach: 16,
  dropColumns: 17,
  dropTables: 18,
  dropRoutines: 19,
  dropSequences: 20,
  dropTypes: 21,
  dropExtensions: 22,
  schemas: 30,
  extensions: 31,
  enums: 32,
  /** Domains, composite types and the routines that only need types. */
  typesAndRoutines: 33,
  sequences: 34,
  tables: 35,
  columns: 36,
  sequenceOwnership: 37,
  constraints: 38,
  indexes: 39,
  foreignKeys: 40,
  /** Views, materialized views with their indexes, routines that need relations. */
  views: 41,
  triggers: 42,
  policies: 43,
  grants: 44,
  /** The old copy of an enum or domain replaced by a new one, once no column uses it. */
  cleanup: 45,
  /** Last: a schema can only go once nothing is left in it, extensions moved out included. */
  dropSchemas: 46,
} as const;

export type Phase = (typeof Phase)[keyof typeof Phase];
