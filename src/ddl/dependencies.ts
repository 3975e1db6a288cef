import type { Constraint, Index, Policy, Routine, Trigger, View } from '../model/snapshot.js';
import { referencesIn, type References } from './references.js';
import { relationKey, type SnapshotIndex } from './snapshot-index.js';

/** Matches the SQL-standard bodies `pg_get_function_sqlbody` prints. */
const STANDARD_BODY = /^\s*(RETURN\b|BEGIN\s+ATOMIC\b)/i;

/** A column default or generation expression, by the column it is on. */
export interface ColumnExpression {
  readonly table: string;
  readonly column: string;
}

/**
 * Who refers to what within one snapshot: the reverse of `references.ts`, built on first use.
 * A plan asks it which objects break when something they refer to is dropped or re-created.
 */
export class Dependencies {
  private built: {
    readonly byRelation: Map<string, { views: View[]; routines: Routine[] }>;
    readonly byFunction: Map<string, Referrers>;
    readonly byType: Map<string, Referrers>;
  } | null = null;
  private foreignKeys: Map<string, Constraint[]> | null = null;

  constructor(private readonly side: SnapshotIndex) {}

  /**
   * A routine that must come after tables and views: its SQL-standard body is bound when it is
   * created, or its signature uses a table's row type.
   *
   * @example
   * deps.needsRelations(routineReturningSetofUsers) // true
   */
  needsRelations(r: Routine): boolean {
    if (r.language === 'sql' && STANDARD_BODY.test(r.body)) return true;
    const types = [...referencesIn('function arguments', r.arguments).types, ...referencesIn('function result', r.returns).types];
    return types.some((t) => this.side.relationKind(t) !== undefined);
  }

  /** Everything a routine refers to: its signature's types and, for a SQL-standard body, what the body names. */
  routineReferences(r: Routine): References {
    const parts = [referencesIn('function arguments', r.arguments), referencesIn('function result', r.returns)];
    if (r.language === 'sql' && STANDARD_BODY.test(r.body)) parts.push(referencesIn('sql body', r.body));
    return union(parts);
  }

  /** Views and relation-bound routines that refer to a table, view or sequence. */
  onRelation(key: string): { readonly views: readonly View[]; readonly routines: readonly Routine[] } {
    return this.build().byRelation.get(key) ?? { views: [], routines: [] };
  }

  /** What calls a function (`schema.name`, any overload). */
  callersOf(name: string): Referrers {
    return this.build().byFunction.get(name) ?? EMPTY;
  }

  /** What uses a type (`schema.name`). */
  usersOfType(name: string): Referrers {
    return this.build().byType.get(name) ?? EMPTY;
  }

  /** Foreign keys (on any table) that reference this table. */
  foreignKeysTo(tableKey: string): readonly Constraint[] {
    this.foreignKeys ??= (() => {
      const byTarget = new Map<string, Constraint[]>();
      for (const c of this.side.snapshot.constraints) {
        if (c.references === null) continue;
        const target = relationKey(c.references.schema, c.references.table);
        byTarget.set(target, [...(byTarget.get(target) ?? []), c]);
      }
      return byTarget;
    })();
    return this.foreignKeys.get(tableKey) ?? [];
  }

  private build(): NonNullable<Dependencies['built']> {
    if (this.built) return this.built;
    const byRelation = new Map<string, { views: View[]; routines: Routine[] }>();
    const byFunction = new Map<string, Referrers>();
    const byType = new Map<string, Referrers>();
    const relationEntry = (k: string): { views: View[]; routines: Routine[] } => {
      let e = byRelation.get(k);
      if (!e) byRelation.set(k, (e = { views: [], routines: [] }));
      return e;
    };
    const entry = (map: Map<string, Referrers>, k: string): Referrers => {
      let e = map.get(k);
      if (!e) map.set(k, (e = emptyReferrers()));
      return e;
    };
    const record = (refs: References, add: (r: Referrers) => void): void => {
      for (const f of refs.functions) add(entry(byFunction, f));
      for (const t of refs.types) add(entry(byType, t));
    };
    for (const v of this.side.snapshot.views) {
      const refs = referencesIn('view', v.definition);
      for (const r of refs.relations) relationEntry(r).views.push(v);
      record(refs, (e) => e.views.push(v));
    }
    for (const r of this.side.snapshot.functions) {
      const refs = this.routineReferences(r);
      if (this.needsRelations(r)) for (const rel of [...refs.relations, ...refs.types]) if (this.side.relationKind(rel)) relationEntry(rel).routines.push(r);
      record(refs, (e) => e.routines.push(r));
    }
    for (const t of this.side.snapshot.tables) {
      for (const c of t.columns) {
        const at = { table: relationKey(t.schema, t.name), column: c.name };
        record(union([referencesIn('expression', c.default), referencesIn('expression', c.generated)]), (e) => e.columns.push(at));
        for (const type of referencesIn('type', c.type).types) entry(byType, type).columnTypes.push(at);
      }
    }
    for (const c of this.side.snapshot.constraints) record(referencesIn('constraint', c.definition), (e) => e.constraints.push(c));
    for (const i of this.side.snapshot.indexes) record(referencesIn('index', i.definition), (e) => e.indexes.push(i));
    for (const p of this.side.snapshot.policies) record(union([referencesIn('expression', p.using), referencesIn('expression', p.withCheck)]), (e) => e.policies.push(p));
    for (const t of this.side.snapshot.triggers) record(referencesIn('trigger', t.definition), (e) => e.triggers.push(t));
    for (const d of this.side.snapshot.domains) {
      record(union([referencesIn('type', d.baseType), ...d.checks.map((c) => referencesIn('constraint', c.definition)), referencesIn('expression', d.default)]), (e) => e.types.push(relationKey(d.schema, d.name)));
    }
    for (const c of this.side.snapshot.compositeTypes) {
      for (const a of c.attributes) record(referencesIn('type', a.type), (e) => e.types.push(relationKey(c.schema, c.name)));
    }
    this.built = { byRelation, byFunction, byType };
    return this.built;
  }
}

/** Objects referring to one function or type. */
export interface Referrers {
  readonly views: View[];
  readonly routines: Routine[];
  readonly triggers: Trigger[];
  readonly constraints: Constraint[];
  readonly indexes: Index[];
  readonly policies: Policy[];
  /** Columns whose default or generation expression refers to it. */
  readonly columns: ColumnExpression[];
  /** Columns of that type (or an array of it). */
  readonly columnTypes: ColumnExpression[];
  /** Domains and composite types built on it, `schema.name`. */
  readonly types: string[];
}

function emptyReferrers(): Referrers {
  return { views: [], routines: [], triggers: [], constraints: [], indexes: [], policies: [], columns: [], columnTypes: [], types: [] };
}

const EMPTY: Referrers = emptyReferrers();

function union(parts: readonly References[]): References {
  return {
    relations: new Set(parts.flatMap((p) => [...p.relations])),
    functions: new Set(parts.flatMap((p) => [...p.functions])),
    types: new Set(parts.flatMap((p) => [...p.types])),
  };
}
