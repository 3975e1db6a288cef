import type { Change } from '../compare/change.js';
import type { Snapshot } from '../model/snapshot.js';

/** Parts of each relation of a snapshot (columns, constraints, indexes, triggers, policies), by `schema.name`. */
const partsMemo = new WeakMap<Snapshot, ReadonlyMap<string, number>>();

function partsOf(s: Snapshot): ReadonlyMap<string, number> {
  let parts = partsMemo.get(s);
  if (parts === undefined) {
    const m = new Map<string, number>();
    const add = (key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);
    for (const t of s.tables) add(`${t.schema}.${t.name}`, t.columns.length);
    for (const list of [s.constraints, s.indexes, s.triggers, s.policies]) for (const o of list) add(`${o.schema}.${o.table}`, 1);
    partsMemo.set(s, (parts = m));
  }
  return parts;
}

/**
 * How many objects a set of differences stands for. `compare()` reports a missing or unexpected
 * table once, with everything on it; counted as one, an empty schema would look nearer a
 * database with a few hand-made changes than its own revision does. A whole relation counts
 * for itself and each of its parts.
 *
 * @example differenceWeight(compare(step, live).changes, step, live) // 1 + 7 columns + 3 indexes for an unexpected 7-column table
 */
export function differenceWeight(changes: readonly Change[], expected: Snapshot, actual: Snapshot): number {
  let weight = 0;
  for (const c of changes) {
    weight += 1;
    const whole = c.kind !== 'changed' && (c.objectType === 'table' || c.objectType === 'view' || c.objectType === 'materialized view');
    if (whole && c.schema !== null) weight += partsOf(c.kind === 'missing' ? expected : actual).get(`${c.schema}.${c.name}`) ?? 0;
  }
  return weight;
}
