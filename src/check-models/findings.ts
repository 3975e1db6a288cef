import { SEVERITIES, type Change, type Severity } from '../compare/change.js';
import { propertyState } from '../compare/messages.js';
import type { ObjectType } from '../model/snapshot.js';

/** The sources a models check compares: the models always, then migrations and/or a database. */
export type Side = 'models' | 'migrations' | 'database';

/** One comparison of two sources: `expected` is the first side, `actual` the second. */
export interface Comparison {
  readonly expected: Side;
  readonly actual: Side;
  readonly changes: readonly Change[];
}

/** Where a migration last touched the object of a finding. */
export interface RevisionOrigin {
  readonly action: 'created' | 'changed' | 'dropped';
  readonly revision: string;
  /** `file:line` of the operation, or the file. */
  readonly at: string;
}

/** One difference between the sources, however many of them disagree. */
export interface ModelsFinding {
  /** The change id (`column:public.chat.meta`); a pair (a rename) gives both, first one first. */
  readonly ids: readonly string[];
  readonly objectType: ObjectType;
  readonly schema: string | null;
  readonly table: string | null;
  readonly name: string;
  readonly severity: Severity;
  /** Sources grouped by what they say, the one standing apart first: [['models'], ['migrations', 'database']]. */
  readonly groups: readonly (readonly Side[])[];
  /** What each source says about the object (`absent`, `NOT NULL; default now()`). */
  readonly states: Readonly<Partial<Record<Side, string>>>;
  /** The model's `file:line:column`, when the models declare the object (or its table). */
  readonly model: string | null;
  /** The revision that last touched it, when the migrations are compared. */
  readonly revision: RevisionOrigin | null;
  /** The pairwise changes this finding stands for. */
  readonly changes: readonly Change[];
}

/**
 * Turns pairwise comparisons of two or three sources into findings, one per object: what each
 * source says, and which of them stand apart ("models ≠ migrations, database"). A pair of
 * changes that is one difference (a rename) is one finding.
 *
 * @example
 * findingsOf([{ expected: 'models', actual: 'migrations', changes }], ['models', 'migrations'])
 */
export function findingsOf(comparisons: readonly Comparison[], sides: readonly Side[]): Omit<ModelsFinding, 'model' | 'revision'>[] {
  const byId = new Map<string, Array<{ c: Change; cmp: Comparison }>>();
  // Changes paired in any comparison are one difference: each group of linked ids is one finding
  // (a unique constraint paired with one index against the migrations and another against the
  // database makes three ids, all said).
  const root = new Map<string, string>();
  const find = (id: string): string => {
    const r = root.get(id) ?? id;
    if (r === id) return id;
    const top = find(r);
    root.set(id, top);
    return top;
  };
  for (const cmp of comparisons) {
    for (const c of cmp.changes) {
      byId.set(c.id, [...(byId.get(c.id) ?? []), { c, cmp }]);
      if (!root.has(c.id)) root.set(c.id, c.id);
      if (c.pairedWith) {
        if (!root.has(c.pairedWith)) root.set(c.pairedWith, c.pairedWith);
        const [a, b] = [find(c.id), find(c.pairedWith)];
        if (a !== b) root.set(b, a);
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const id of byId.keys()) {
    const r = find(id);
    groups.set(r, [...(groups.get(r) ?? []), id]);
  }
  const out: Omit<ModelsFinding, 'model' | 'revision'>[] = [];
  for (const ids of groups.values()) {
    const all = ids.flatMap((id) => byId.get(id) ?? []);
    const first = (all[0] as { c: Change }).c;
    const states = ids.length === 1 ? statesOf(all, sides) : groupStates(ids.map((id) => [nameOf(byId.get(id) ?? []), statesOf(byId.get(id) ?? [], sides)] as const), sides);
    // The parts of a table one side lacks are not reported between those sides: absent there.
    const tableId = first.table !== null ? `table:${first.schema}.${first.table}` : null;
    for (const cmp of comparisons) {
      for (const c of cmp.changes) if (c.id === tableId && c.kind !== 'changed') states[c.kind === 'missing' ? cmp.actual : cmp.expected] = 'absent (no such table)';
    }
    out.push({
      ids,
      objectType: first.objectType,
      schema: first.schema,
      table: first.table,
      name: first.name,
      severity: SEVERITIES.find((s) => all.some((e) => e.c.severity === s)) ?? 'info',
      groups: groupsOf(states, sides),
      states,
      changes: all.map((e) => e.c),
    });
  }
  return out;
}

function nameOf(entries: ReadonlyArray<{ c: Change }>): string {
  return entries[0]?.c.name ?? '?';
}

type Props = Map<string, unknown>;

/** Linked objects (a rename, one uniqueness enforced two ways): what each side has of them, by name. */
function groupStates(members: ReadonlyArray<readonly [string, Partial<Record<Side, string>>]>, sides: readonly Side[]): Partial<Record<Side, string>> {
  const out: Partial<Record<Side, string>> = {};
  for (const s of sides) {
    const parts = members.filter(([, states]) => states[s] !== 'absent').map(([name, states]) => `${name}: ${states[s] ?? 'present'}`);
    out[s] = parts.length > 0 ? parts.join('; ') : 'absent';
  }
  return out;
}

/** What each side says about one object: absent, present, or the values that differ. */
function statesOf(entries: ReadonlyArray<{ c: Change; cmp: Comparison }>, sides: readonly Side[]): Partial<Record<Side, string>> {
  const absent = new Set<Side>();
  const present = new Map<Side, string>();
  const props = new Map<Side, Props>(sides.map((s) => [s, new Map()]));
  const differing = new Map<string, Set<string>>();
  const pairKey = (a: Side, b: Side) => [a, b].sort().join('|');
  for (const { c, cmp } of entries) {
    if (c.kind === 'missing') {
      absent.add(cmp.actual);
      present.set(cmp.expected, describePresent(c, c.expected));
    } else if (c.kind === 'unexpected') {
      absent.add(cmp.expected);
      present.set(cmp.actual, describePresent(c, c.actual));
    } else {
      const keys = new Set(Object.keys(c.expected ?? {}));
      differing.set(pairKey(cmp.expected, cmp.actual), keys);
      for (const k of keys) {
        props.get(cmp.expected)?.set(k, c.expected?.[k]);
        props.get(cmp.actual)?.set(k, c.actual?.[k]);
      }
    }
  }
  // A side silent on a property has the value of a side it was compared with and agrees with on it.
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of sides) {
      for (const t of sides) {
        if (s === t || absent.has(s) || absent.has(t)) continue;
        const differs = differing.get(pairKey(s, t)) ?? new Set();
        for (const [k, v] of props.get(t) ?? []) {
          if (!props.get(s)?.has(k) && !differs.has(k)) {
            props.get(s)?.set(k, v);
            changed = true;
          }
        }
      }
    }
  }
  const out: Partial<Record<Side, string>> = {};
  for (const s of sides) {
    if (absent.has(s)) out[s] = 'absent';
    else if ((props.get(s)?.size ?? 0) > 0) out[s] = [...(props.get(s) as Props)].map(([k, v]) => propertyState(k, v)).join('; ');
    else out[s] = present.get(s) ?? 'present';
  }
  return out;
}

function describePresent(c: Change, object: Readonly<Record<string, unknown>> | null): string {
  const detail = /\((.*)\)(?: \(.*\))?$/.exec(c.message)?.[1];
  if (object && c.objectType === 'column') return `${String(object.type)}${object.notNull ? ' NOT NULL' : ''}`;
  if (object && (c.objectType === 'constraint' || c.objectType === 'index')) return String(object.definition ?? detail ?? 'present').replace(/\s+/g, ' ');
  return 'present';
}

/** Sides with the same state together; the smallest group (the odd one out) first. */
function groupsOf(states: Partial<Record<Side, string>>, sides: readonly Side[]): Side[][] {
  const groups = new Map<string, Side[]>();
  for (const s of sides) groups.set(states[s] ?? '', [...(groups.get(states[s] ?? '') ?? []), s]);
  return [...groups.values()].sort((a, b) => a.length - b.length);
}

/** `models ≠ migrations, database` */
export function disagreement(groups: readonly (readonly Side[])[]): string {
  return groups.map((g) => g.join(', ')).join(' ≠ ');
}
