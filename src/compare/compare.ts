import type { ObjectType, Snapshot, Table } from '../model/snapshot.js';
import type { Change, Diff, Severity } from './change.js';
import { withoutConstraintIndexes } from './constraint-indexes.js';
import { diffObjects, matchByKey, type Draft, type ResolvedOptions } from './diff-objects.js';
import { messageFor } from './messages.js';
import {
  columnSpec,
  compositeTypeSpec,
  constraintSpec,
  domainSpec,
  enumSpec,
  extensionSpec,
  grantSpec,
  indexSpec,
  policySpec,
  routineSpec,
  schemaSpec,
  sequenceSpec,
  tableSpec,
  triggerSpec,
  viewSpec,
} from './object-specs.js';
import { alignOwnerGrants } from './owner-grants.js';
import { comparableGrants } from './version-privileges.js';
import { publicSchemaAsDefault } from './public-schema-defaults.js';
import { alignPartitionTriggers } from './partition-triggers.js';
import { withoutInheritedIdentity } from './partition-identity.js';
import { loadParser } from './postgres/canonical.js';
import { ParserNotLoaded } from './postgres/parser.js';
import { addRenameHints } from './rename.js';
import { pairUniqueness } from './unique-pairs.js';
import { changedSeverity, highest, missingSeverity, unexpectedSeverity } from './severity.js';
import { progress } from '../progress.js';

export interface CompareOptions {
  /** Compare owners where both snapshots declare one (default true). */
  readonly owners?: boolean;
  /** Compare grants (default true). */
  readonly grants?: boolean;
  /** Compare comments (default true). */
  readonly comments?: boolean;
  /**
   * Tables left out on both sides, with everything on them: `name` (any schema) or
   * `schema.name`. Default none: introspection already leaves out the migration tools'
   * bookkeeping tables (`src/catalog/bookkeeping.ts`); this is for snapshots from elsewhere
   * and for tables a team wants to tolerate.
   */
  readonly ignoreTables?: readonly string[];
  /**
   * Look for missing and unexpected objects that are one object renamed (default true). Off
   * where only the number of differences matters: diagnose compares a database with every
   * revision of its history, most of them far from it.
   */
  readonly renameHints?: boolean;
}

/**
 * Compares the schema a codebase declares (`declared`, the expected side) with the one a
 * database has (`live`, the actual side).
 * Pure apart from loading the PostgreSQL parser (WebAssembly) on first use, which is why it is
 * async; catalog text from different PostgreSQL versions is canonicalised with that parser
 * before comparison. Changes are sorted by schema, table, object type and name.
 *
 * @example
 * const diff = await compare(await snapshotOf(migrations), await snapshotOf(databaseUrl));
 * for (const c of diff.changes) console.error(c.message);
 * // column public.users.email: type text expected, character varying(255) found
 */
export async function compare(declared: Snapshot, live: Snapshot, options: CompareOptions = {}): Promise<Diff> {
  progress(`comparing ${declared.source.description} with ${live.source.description}`);
  // The parser is needed only where two texts differ; the comparison is pure, so it starts
  // without it and runs again once it is loaded when it turns out to need it.
  let diff: Diff;
  try {
    diff = compareParsed(declared, live, options);
  } catch (error) {
    if (!(error instanceof ParserNotLoaded)) throw error;
    await loadParser();
    diff = compareParsed(declared, live, options);
  }
  // What plans the changes (planChanges) parses their definitions: a diff with changes leaves
  // the parser loaded, as it always did.
  if (diff.changes.length > 0) await loadParser();
  return diff;
}

function compareParsed(declared: Snapshot, live: Snapshot, options: CompareOptions): Diff {
  // Each side's version defaults first: what the rest compares is what a statement could change.
  const { expected, actual } = publicSchemaAsDefault(declared, live);
  const o: ResolvedOptions = {
    owners: options.owners ?? true,
    grants: options.grants ?? true,
    comments: options.comments ?? true,
    ignoreTables: options.ignoreTables ?? [],
    renameHints: options.renameHints ?? true,
  };
  const ignored = (t: Table): boolean => o.ignoreTables.includes(t.name) || o.ignoreTables.includes(`${t.schema}.${t.name}`);
  const ignoredKeys = new Set([...expected.tables, ...actual.tables].filter(ignored).map((t) => `relation:${t.schema}.${t.name}`));
  const expectedTables = withoutInheritedIdentity(expected.tables.filter((t) => !ignored(t)));
  const actualTables = withoutInheritedIdentity(actual.tables.filter((t) => !ignored(t)));
  const aligned = alignOwnerGrants(expected, actual);
  const grants = comparableGrants(aligned.expected, aligned.actual, expected.source.serverVersionNum, actual.source.serverVersionNum);
  const triggers = alignPartitionTriggers({ tables: expectedTables, triggers: expected.triggers }, { tables: actualTables, triggers: actual.triggers });

  const drafts: Draft[] = [
    ...diffObjects(schemaSpec, expected.schemas, actual.schemas, o),
    ...diffObjects(extensionSpec, expected.extensions, actual.extensions, o),
    ...diffObjects(tableSpec, expectedTables, actualTables, o),
    ...diffObjects(constraintSpec, expected.constraints, actual.constraints, o),
    ...diffObjects(indexSpec, expected.indexes, actual.indexes, o),
    ...diffObjects(sequenceSpec, expected.sequences, actual.sequences, o),
    ...diffObjects(viewSpec, expected.views, actual.views, o),
    ...diffObjects(routineSpec, expected.functions, actual.functions, o),
    ...diffObjects(triggerSpec, triggers.expected, triggers.actual, o),
    ...diffObjects(enumSpec, expected.enums, actual.enums, o),
    ...diffObjects(domainSpec, expected.domains, actual.domains, o),
    ...diffObjects(compositeTypeSpec, expected.compositeTypes, actual.compositeTypes, o),
    ...diffObjects(policySpec, expected.policies, actual.policies, o),
    ...(o.grants ? diffObjects(grantSpec, grants.expected, grants.actual, o) : []),
  ];
  for (const [e, a] of matchByKey(tableSpec.key, expectedTables, actualTables).pairs) {
    drafts.push(...diffObjects(columnSpec(e.schema, e.name), e.columns, a.columns, o));
  }

  // An object that is missing or unexpected as a whole is reported once, not with each of its parts.
  const gone = new Set(ignoredKeys);
  for (const d of drafts) if (d.kind !== 'changed' && d.ownKey !== null) gone.add(d.ownKey);
  // So is a constraint added or dropped with the index that implements it.
  const reported = withoutConstraintIndexes(drafts.filter((d) => !d.parents.some((p) => gone.has(p))));

  if (o.renameHints) {
    addRenameHints(reported);
    pairUniqueness(reported);
  }
  return { changes: reported.map(toChange).sort(byPosition) };
}

function toChange(d: Draft): Change {
  const { id, objectType, schema, table, name } = d.identity;
  let severity: Severity;
  let expected: Readonly<Record<string, unknown>> | null;
  let actual: Readonly<Record<string, unknown>> | null;
  if (d.kind === 'changed') {
    severity = highest(d.differences.map((x) => changedSeverity(objectType, x.property, x.expected, x.actual, d.actual)));
    expected = Object.fromEntries(d.differences.map((x) => [x.property, x.expected]));
    actual = Object.fromEntries(d.differences.map((x) => [x.property, x.actual]));
  } else {
    severity = d.kind === 'missing' ? missingSeverity(objectType) : unexpectedSeverity(objectType, d.actual);
    expected = d.expected as Record<string, unknown> | null;
    actual = d.actual as Record<string, unknown> | null;
  }
  return {
    id,
    kind: d.kind,
    objectType,
    schema,
    table,
    name,
    severity,
    expected,
    actual,
    message: messageFor(d),
    ...(d.renameHint ? { renameHint: d.renameHint } : {}),
    ...(d.pairedWith ? { pairedWith: d.pairedWith.identity.id } : {}),
  };
}

/**
 * Reading order within a schema: schema-level objects first (the schema, types, sequences,
 * routines, grants), then each table or view followed by what belongs to it; ties broken by
 * name and id, so the order never depends on the snapshots' own order.
 */
const TYPE_ORDER: readonly ObjectType[] = [
  'schema',
  'extension',
  'enum',
  'domain',
  'composite type',
  'sequence',
  'table',
  'view',
  'materialized view',
  'column',
  'constraint',
  'index',
  'trigger',
  'policy',
  'function',
  'procedure',
  'grant',
];

function byPosition(a: Change, b: Change): number {
  return (
    cmp(a.schema ?? '', b.schema ?? '') ||
    cmp(groupOf(a), groupOf(b)) ||
    TYPE_ORDER.indexOf(a.objectType) - TYPE_ORDER.indexOf(b.objectType) ||
    cmp(a.name, b.name) ||
    cmp(a.id, b.id)
  );
}

/** A table's (or view's) own change sorts with the changes of its parts. */
function groupOf(c: Change): string {
  if (c.table !== null) return c.table;
  return c.objectType === 'table' || c.objectType === 'view' || c.objectType === 'materialized view' ? c.name : '';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
