import type { Change } from '../compare/change.js';
import { routineSignature } from '../compare/keys.js';
import { grantSpec } from '../compare/object-specs.js';
import type {
  Column,
  CompositeType,
  Constraint,
  Domain,
  EnumType,
  Extension,
  Grant,
  Index,
  Policy,
  Routine,
  SchemaObject,
  Sequence,
  Snapshot,
  Table,
  Trigger,
  View,
} from '../model/snapshot.js';

/** The object kinds a plan acts on; `view` covers materialized views, `routine` procedures. */
export type Kind =
  | 'schema'
  | 'extension'
  | 'table'
  | 'column'
  | 'constraint'
  | 'index'
  | 'sequence'
  | 'view'
  | 'routine'
  | 'trigger'
  | 'enum'
  | 'domain'
  | 'composite'
  | 'policy'
  | 'grant';

/**
 * One object of either snapshot. Keys are the comparator's matching keys (`object-specs.ts`):
 * `schema.name` for relations and types, `schema.table.name` for what belongs to a table,
 * `schema.name(identity arguments)` for routines, the change id for grants.
 */
export interface ObjectRef {
  readonly kind: Kind;
  readonly key: string;
}

/** What each kind's key finds. */
export interface KindObject {
  schema: SchemaObject;
  extension: Extension;
  table: Table;
  column: Column;
  constraint: Constraint;
  index: Index;
  sequence: Sequence;
  view: View;
  routine: Routine;
  trigger: Trigger;
  enum: EnumType;
  domain: Domain;
  composite: CompositeType;
  policy: Policy;
  grant: Grant;
}

/**
 * Keys, as `compare()` matches objects by them.
 *
 * @example
 * refId({ kind: 'view', key: 'app.v' }) // 'view:app.v'
 * relationKey('app', 'users')          // 'app.users'
 * partKey('app', 'users', 'users_pkey') // 'app.users.users_pkey'
 * routineKey({ schema: 'app', name: 'f', identityArguments: 'x integer', … }) // 'app.f(x integer)'
 * columnKey('app.users', 'email')      // 'app.users\u0000email' (names may hold dots)
 */
export const refId = (r: ObjectRef): string => `${r.kind}:${r.key}`;
export const relationKey = (schema: string, name: string): string => `${schema}.${name}`;
export const partKey = (schema: string, table: string, name: string): string => `${schema}.${table}.${name}`;
export const routineKey = (r: Routine): string => `${r.schema}.${routineSignature(r)}`;
export const columnKey = (tableKey: string, name: string): string => `${tableKey}\u0000${name}`;

/**
 * The table key and column name of a column key.
 *
 * @example
 * splitColumnKey(columnKey('app.users', 'email')) // { table: 'app.users', column: 'email' }
 */
export function splitColumnKey(key: string): { readonly table: string; readonly column: string } {
  const i = key.indexOf('\u0000');
  return { table: key.slice(0, i), column: key.slice(i + 1) };
}

/**
 * The object a change is about.
 *
 * @example
 * refOfChange({ objectType: 'column', schema: 'app', table: 'users', name: 'email', … })
 * // { kind: 'column', key: 'app.users\u0000email' }
 */
export function refOfChange(c: Change): ObjectRef {
  const schema = c.schema ?? '';
  switch (c.objectType) {
    case 'schema':
    case 'extension':
      return { kind: c.objectType, key: c.name };
    case 'grant':
      return { kind: 'grant', key: c.id };
    case 'column':
      return { kind: 'column', key: columnKey(relationKey(schema, c.table ?? ''), c.name) };
    case 'constraint':
    case 'index':
    case 'trigger':
    case 'policy':
      return { kind: c.objectType, key: partKey(schema, c.table ?? '', c.name) };
    case 'view':
    case 'materialized view':
      return { kind: 'view', key: relationKey(schema, c.name) };
    case 'function':
    case 'procedure':
      return { kind: 'routine', key: relationKey(schema, c.name) };
    case 'composite type':
      return { kind: 'composite', key: relationKey(schema, c.name) };
    case 'table':
    case 'sequence':
    case 'enum':
    case 'domain':
      return { kind: c.objectType, key: relationKey(schema, c.name) };
  }
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((i) => [key(i), i]));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

/**
 * One snapshot, indexed for the lookups a plan makes: objects by key, and what belongs to or
 * depends on a table. Triggers and grants are the lists `compare()` matched (with implied
 * partition clones and owner rights added), so every change's object can be found.
 */
export class SnapshotIndex {
  readonly serverVersionNum: number | null;
  private readonly maps: { readonly [K in Kind]: ReadonlyMap<string, KindObject[K]> };
  private readonly partitions: ReadonlyMap<string, Table[]>;
  private readonly inheritors: ReadonlyMap<string, Table[]>;
  private readonly onTable: {
    readonly constraint: ReadonlyMap<string, Constraint[]>;
    readonly index: ReadonlyMap<string, Index[]>;
    readonly trigger: ReadonlyMap<string, Trigger[]>;
    readonly policy: ReadonlyMap<string, Policy[]>;
  };
  private readonly ownedSequences: ReadonlyMap<string, Sequence[]>;
  private readonly rawGrants: ReadonlyMap<string, Grant[]>;

  constructor(
    readonly snapshot: Snapshot,
    matched: { readonly triggers: readonly Trigger[]; readonly grants: readonly Grant[] },
  ) {
    this.serverVersionNum = snapshot.source.serverVersionNum;
    const columns = new Map<string, Column>();
    for (const t of snapshot.tables) for (const c of t.columns) columns.set(columnKey(relationKey(t.schema, t.name), c.name), c);
    const part = (o: { schema: string; table: string; name: string }): string => partKey(o.schema, o.table, o.name);
    const rel = (o: { schema: string; name: string }): string => relationKey(o.schema, o.name);
    this.maps = {
      schema: byKey(snapshot.schemas, (s) => s.name),
      extension: byKey(snapshot.extensions, (x) => x.name),
      table: byKey(snapshot.tables, rel),
      column: columns,
      constraint: byKey(snapshot.constraints, part),
      index: byKey(snapshot.indexes, part),
      sequence: byKey(snapshot.sequences, rel),
      view: byKey(snapshot.views, rel),
      routine: byKey(snapshot.functions, routineKey),
      // Listed triggers, and the partition copies compare() implied (it leaves out copies of a
      // trigger the other side lacks, which a plan still has to set the state of).
      trigger: byKey([...matched.triggers, ...snapshot.triggers], part),
      enum: byKey(snapshot.enums, rel),
      domain: byKey(snapshot.domains, rel),
      composite: byKey(snapshot.compositeTypes, rel),
      policy: byKey(snapshot.policies, part),
      grant: byKey(matched.grants, grantSpec.key),
    };
    this.partitions = groupBy(snapshot.tables, (t) => t.partitionOf);
    const inheritors = new Map<string, Table[]>();
    for (const t of snapshot.tables) for (const p of t.inherits) inheritors.set(p, [...(inheritors.get(p) ?? []), t]);
    this.inheritors = inheritors;
    const tableOf = (o: { schema: string; table: string }): string => relationKey(o.schema, o.table);
    this.onTable = {
      constraint: groupBy(snapshot.constraints, tableOf),
      index: groupBy(snapshot.indexes, tableOf),
      trigger: groupBy(snapshot.triggers, tableOf),
      policy: groupBy(snapshot.policies, tableOf),
    };
    this.ownedSequences = groupBy(snapshot.sequences, (s) => this.ownerColumn(s)?.table ?? null);
    this.rawGrants = groupBy(snapshot.grants, (g) => grantTargetKey(g.objectType === 'column' ? 'table' : g.objectType, g.schema, g.object));
  }

  /**
   * The object of that kind and key, if this snapshot has it.
   *
   * @example
   * index.get({ kind: 'table', key: 'app.users' })?.columns.length
   */
  get<K extends Kind>(ref: { readonly kind: K; readonly key: string }): KindObject[K] | undefined {
    return (this.maps[ref.kind] as ReadonlyMap<string, KindObject[K]>).get(ref.key);
  }

  has(ref: ObjectRef): boolean {
    return this.maps[ref.kind].has(ref.key);
  }

  all<K extends Kind>(kind: K): IterableIterator<KindObject[K]> {
    return (this.maps[kind] as ReadonlyMap<string, KindObject[K]>).values();
  }

  /** A relation's kind by `schema.name`: table, view (or materialized view) or sequence. */
  relationKind(key: string): 'table' | 'view' | 'sequence' | undefined {
    if (this.maps.table.has(key)) return 'table';
    if (this.maps.view.has(key)) return 'view';
    if (this.maps.sequence.has(key)) return 'sequence';
    return undefined;
  }

  /** Direct partitions of a partitioned table. */
  partitionsOf(tableKey: string): readonly Table[] {
    return this.partitions.get(tableKey) ?? [];
  }

  /** Tables that inherit (plain inheritance) from this one. */
  inheritorsOf(tableKey: string): readonly Table[] {
    return this.inheritors.get(tableKey) ?? [];
  }

  constraintsOn(tableKey: string): readonly Constraint[] {
    return this.onTable.constraint.get(tableKey) ?? [];
  }

  indexesOn(tableKey: string): readonly Index[] {
    return this.onTable.index.get(tableKey) ?? [];
  }

  /** Triggers as the snapshot lists them (a partition's clone only when its state differs). */
  triggersOn(tableKey: string): readonly Trigger[] {
    return this.onTable.trigger.get(tableKey) ?? [];
  }

  policiesOn(tableKey: string): readonly Policy[] {
    return this.onTable.policy.get(tableKey) ?? [];
  }

  /** Sequences `OWNED BY` a column of this table (serial columns). */
  sequencesOwnedBy(tableKey: string): readonly Sequence[] {
    return this.ownedSequences.get(tableKey) ?? [];
  }

  /** The table and column of a sequence's `OWNED BY` (`schema.table.column`, names may hold dots). */
  ownerColumn(s: Sequence): { readonly table: string; readonly column: string } | null {
    if (s.ownedBy === null) return null;
    for (let i = s.ownedBy.indexOf('.'); i >= 0; i = s.ownedBy.indexOf('.', i + 1)) {
      const table = s.ownedBy.slice(0, i);
      const column = s.ownedBy.slice(i + 1);
      if (this.maps.column.has(columnKey(table, column))) return { table, column };
    }
    return null;
  }

  /**
   * Grants as the snapshot lists them, on one object and (for a table) its columns.
   *
   * @example
   * index.grantsOn('table', 'app', 'users') // table and column grants on app.users
   */
  grantsOn(objectType: 'schema' | 'table' | 'sequence' | 'function', schema: string, object: string): readonly Grant[] {
    return this.rawGrants.get(grantTargetKey(objectType, schema, object)) ?? [];
  }
}

function grantTargetKey(objectType: string, schema: string, object: string): string {
  return `${objectType}\u0000${schema}\u0000${object}`;
}
