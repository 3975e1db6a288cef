import type { Grant } from '../model/snapshot.js';

/** Privileges that exist only from some major version on, with that version's number. */
const INTRODUCED: Readonly<Record<string, { readonly objectTypes: readonly Grant['objectType'][]; readonly since: number }>> = {
  // PostgreSQL 17: VACUUM, ANALYZE, CLUSTER, REFRESH MATERIALIZED VIEW, REINDEX, LOCK TABLE.
  MAINTAIN: { objectTypes: ['table'], since: 170000 },
};

/**
 * Leaves out of both sides the grants of a privilege that one side's server does not have.
 * `GRANT ALL` and the owner's full set include MAINTAIN on PostgreSQL 17+ and cannot on 13-16,
 * so the same schema on 18 (or in the PGlite shadow) and on 15 would otherwise differ by it;
 * no statement could give a 15 database the privilege, so the difference is not drift there.
 * An unknown version (null) is taken to have every privilege.
 *
 * @example
 * // expected from PostgreSQL 18: SELECT, MAINTAIN to reader; actual from 15: SELECT to reader
 * comparableGrants(expected.grants, actual.grants, 180004, 150018) // SELECT on each side only
 */
export function comparableGrants(
  expected: readonly Grant[],
  actual: readonly Grant[],
  expectedVersion: number | null,
  actualVersion: number | null,
): { expected: Grant[]; actual: Grant[] } {
  const older = Math.min(expectedVersion ?? Infinity, actualVersion ?? Infinity);
  const known = (g: Grant): boolean => {
    const introduced = INTRODUCED[g.privilege];
    return introduced === undefined || !introduced.objectTypes.includes(g.objectType) || older >= introduced.since;
  };
  return { expected: expected.filter(known), actual: actual.filter(known) };
}
