// The benchmark only counts a check as a check if it found exactly the drift put into B:
// a fast comparison that misses (or invents) changes would be a meaningless figure.

/**
 * Compares the changes a report lists with the ones the drift introduced.
 *
 * @param {readonly object[]} changes `report.changes` (library) or the `changes` of `--format json`
 * @param {readonly { kind: string, objectType: string, table: string, name: string }[]} expected
 * @returns {{ ok: boolean, problems: string[] }}
 * @example verifyChanges(report.changes, driftOf(schema).expectedChanges).ok
 */
export function verifyChanges(changes, expected) {
  const problems = [];
  if (!Array.isArray(changes)) return { ok: false, problems: ['the report has no changes array'] };
  const describe = (c) => `${c.kind} ${c.objectType} ${c.table ? `${c.table}.` : ''}${c.name}`;
  const matches = (c, e) => c.kind === e.kind && c.objectType === e.objectType && c.table === e.table && c.name === e.name;
  for (const e of expected) {
    if (!changes.some((c) => matches(c, e))) problems.push(`not reported: ${describe(e)}`);
  }
  for (const c of changes) {
    if (!expected.some((e) => matches(c, e))) problems.push(`reported but not introduced: ${c.message ?? describe(c)}`);
  }
  if (changes.length !== expected.length) problems.unshift(`${changes.length} changes reported, ${expected.length} introduced`);
  return { ok: problems.length === 0, problems };
}
