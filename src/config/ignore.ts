import type { Change } from '../compare/change.js';
import { grantIdentity, routineSignature } from '../compare/keys.js';
import { unpaired } from '../compare/messages.js';
import type { Grant, ObjectType, Snapshot } from '../model/snapshot.js';
import { globMatcher } from './glob.js';
import type { IgnoreRule } from './rules.js';

/** An object as the rules see it: a change's own object, or one it belongs to. */
interface Named {
  readonly kind: ObjectType;
  readonly schema: string | null;
  readonly table: string | null;
  readonly name: string;
}

/** What `ignoreChanges` kept, and how many it left out. */
export interface IgnoreOutcome {
  readonly changes: readonly Change[];
  readonly ignored: number;
}

/**
 * The changes no rule ignores. A rule ignores an object and everything that belongs to it: a
 * table's columns, constraints, indexes, triggers, policies, grants and the sequences its
 * serial columns own; a schema's objects; a function's grants. Ownership is read from both
 * snapshots, so it does not matter on which side an object is.
 *
 * The diff is filtered, not the snapshots: the comparison saw both schemas whole, so a kept
 * object is compared exactly as it would be without rules (a foreign key from a kept table to an
 * ignored one is still compared, as written on each side). A kept change paired with an ignored
 * one (a rename, a uniqueness enforced another way) is shown on its own.
 *
 * @example
 * ignoreChanges(diff.changes, expected, actual, [{ kind: 'table', name: 'spatial_ref_sys' }])
 * // { changes: [...everything else], ignored: 1 }
 */
export function ignoreChanges(changes: readonly Change[], expected: Snapshot, actual: Snapshot, rules: readonly IgnoreRule[]): IgnoreOutcome {
  if (rules.length === 0) return { changes, ignored: 0 };
  const matchers = rules.map(ruleMatcher);
  const owners = new Owners(expected, actual);
  const isIgnored = (c: Change): boolean => owners.chain(c).some((o) => matchers.some((m) => m(o)));
  const ignoredIds = new Set(changes.filter(isIgnored).map((c) => c.id));
  if (ignoredIds.size === 0) return { changes, ignored: 0 };
  const byId = new Map(changes.map((c) => [c.id, c]));
  const kept = changes
    .filter((c) => !ignoredIds.has(c.id))
    .map((c) => (c.pairedWith !== undefined && ignoredIds.has(c.pairedWith) ? unpaired(c, byId.get(c.pairedWith) as Change) : c));
  return { changes: kept, ignored: changes.length - kept.length };
}

function ruleMatcher(rule: IgnoreRule): (o: Named) => boolean {
  const schema = rule.schema === undefined ? null : globMatcher(rule.schema);
  const table = rule.table === undefined ? null : globMatcher(rule.table);
  const name = rule.name === undefined ? null : globMatcher(rule.name);
  return (o) => {
    if (rule.kind !== undefined && rule.kind !== o.kind) return false;
    if (schema && (o.schema === null || !schema(o.schema))) return false;
    if (table && (o.table === null || !table(o.table))) return false;
    // A routine is named with its arguments (`add(a integer)`); a rule may name it without.
    if (name && !name(o.name) && !((o.kind === 'function' || o.kind === 'procedure') && name(o.name.replace(/\(.*$/s, '')))) return false;
    return true;
  };
}

/** Which object each object belongs to, from both snapshots. */
class Owners {
  /** `schema.name` of each table, view and sequence → its kind. */
  private readonly relations = new Map<string, ObjectType>();
  /** `schema.name` of each sequence a column owns → `[schema, table]`. */
  private readonly sequenceTables = new Map<string, readonly [string, string]>();
  private readonly grants = new Map<string, Grant>();
  private readonly procedures = new Set<string>();

  constructor(...snapshots: readonly Snapshot[]) {
    for (const s of snapshots) {
      for (const t of s.tables) this.relations.set(`${t.schema}.${t.name}`, 'table');
      for (const v of s.views) this.relations.set(`${v.schema}.${v.name}`, v.materialized ? 'materialized view' : 'view');
      for (const q of s.sequences) {
        this.relations.set(`${q.schema}.${q.name}`, 'sequence');
        // Split as the comparison does (`sequenceSpec.parents`), so both agree on the owner.
        const [schema, table] = q.ownedBy?.split('.') ?? [];
        if (schema !== undefined && table !== undefined) this.sequenceTables.set(`${q.schema}.${q.name}`, [schema, table]);
      }
      for (const g of s.grants) this.grants.set(grantIdentity(g).id, g);
      for (const r of s.functions) if (r.kind === 'procedure') this.procedures.add(`${r.schema}.${routineSignature(r)}`);
    }
  }

  /** The change's object, then what it belongs to, up to its schema. */
  chain(c: Change): Named[] {
    const own: Named = { kind: c.objectType, schema: c.objectType === 'schema' ? c.name : c.schema, table: c.table, name: c.name };
    const out = [own];
    let parent = this.parentOf(c);
    while (parent !== null) {
      out.push(parent);
      parent = parent.kind === 'sequence' ? this.sequenceOwner(parent.schema as string, parent.name) : null;
    }
    const schema = out.find((o) => o.schema !== null)?.schema;
    if (schema != null && c.objectType !== 'schema') out.push({ kind: 'schema', schema, table: null, name: schema });
    return out;
  }

  private parentOf(c: Change): Named | null {
    if (c.table !== null && c.schema !== null) return this.relation(c.schema, c.table);
    if (c.objectType === 'sequence' && c.schema !== null) return this.sequenceOwner(c.schema, c.name);
    if (c.objectType !== 'grant') return null;
    const g = this.grants.get(c.id);
    if (!g) return null;
    switch (g.objectType) {
      case 'schema':
        return null; // its schema comes last in every chain
      case 'function':
        return { kind: this.procedures.has(`${g.schema}.${g.object}`) ? 'procedure' : 'function', schema: g.schema, table: null, name: g.object };
      default:
        return this.relation(g.schema, g.object);
    }
  }

  private relation(schema: string, name: string): Named {
    return { kind: this.relations.get(`${schema}.${name}`) ?? 'table', schema, table: null, name };
  }

  private sequenceOwner(schema: string, name: string): Named | null {
    const owner = this.sequenceTables.get(`${schema}.${name}`);
    return owner ? this.relation(owner[0], owner[1]) : null;
  }
}
