import type { Table, Trigger } from '../model/snapshot.js';

/** One side's triggers and the tables they are on. */
export interface TriggerSide {
  readonly tables: readonly Table[];
  readonly triggers: readonly Trigger[];
}

const tableKey = (schema: string, table: string): string => `${schema}.${table}`;
const triggerKey = (schema: string, table: string, name: string): string => `${schema}.${table}\u0000${name}`;

/**
 * A snapshot lists a partition's clone of a parent trigger only when it is enabled or disabled
 * apart from that parent (see `Trigger`). So a clone one side lists and the other does not is
 * still there on the other side, in the state of its nearest listed ancestor trigger: this adds
 * that implied clone, so the difference reads as the clone's `enabled` changing rather than as a
 * trigger missing or unexpected. A clone whose whole trigger the other side lacks is left out:
 * the ancestor trigger is reported missing or unexpected, and that says it all.
 *
 * @example
 * // actual lists p_2024.tr disabled (its parent p.tr is enabled); expected lists only p.tr
 * alignPartitionTriggers(expected, actual).expected
 * // [p.tr, p_2024.tr with enabled 'origin']
 */
export function alignPartitionTriggers(expected: TriggerSide, actual: TriggerSide): { expected: Trigger[]; actual: Trigger[] } {
  const e = sideIndex(expected);
  const a = sideIndex(actual);
  const expectedOut = [...expected.triggers];
  const actualOut = [...actual.triggers];
  const align = (from: SideIndex, to: SideIndex, fromOut: Trigger[], toOut: Trigger[]): void => {
    for (const t of [...fromOut]) {
      if (to.triggers.has(triggerKey(t.schema, t.table, t.name))) continue;
      const own = nearestAncestorTrigger(from, t.schema, t.table, t.name);
      if (own === undefined) continue; // not a clone: an ordinary trigger, reported as such
      if (!to.parents.has(tableKey(t.schema, t.table))) continue; // the partition itself is missing or unexpected
      const other = nearestAncestorTrigger(to, t.schema, t.table, t.name);
      if (other !== undefined) toOut.push({ ...t, enabled: other.enabled });
      else if (!to.triggers.has(triggerKey(own.schema, own.table, own.name))) fromOut.splice(fromOut.indexOf(t), 1);
    }
  };
  align(a, e, actualOut, expectedOut);
  align(e, a, expectedOut, actualOut);
  return { expected: expectedOut, actual: actualOut };
}

interface SideIndex {
  /** Every table, with its partition parent (`schema.name`) or null. */
  readonly parents: ReadonlyMap<string, string | null>;
  readonly triggers: ReadonlyMap<string, Trigger>;
}

function sideIndex(side: TriggerSide): SideIndex {
  return {
    parents: new Map(side.tables.map((t) => [tableKey(t.schema, t.name), t.partitionOf])),
    triggers: new Map(side.triggers.map((t) => [triggerKey(t.schema, t.table, t.name), t])),
  };
}

/** The trigger of that name on the nearest partition ancestor of the table that has one. */
function nearestAncestorTrigger(side: SideIndex, schema: string, table: string, name: string): Trigger | undefined {
  const seen = new Set<string>();
  let parent = side.parents.get(tableKey(schema, table)) ?? null;
  // `seen` only guards against a malformed snapshot naming a cycle of parents.
  while (parent !== null && !seen.has(parent)) {
    seen.add(parent);
    const found = side.triggers.get(`${parent}\u0000${name}`);
    if (found !== undefined) return found;
    parent = side.parents.get(parent) ?? null;
  }
  return undefined;
}
