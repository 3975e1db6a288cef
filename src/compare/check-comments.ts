import type { DomainCheck } from '../model/snapshot.js';

/**
 * True when two lists of domain checks carry the same comments, check by check (by name).
 * A check without a comment and one with an empty comment read alike (`COMMENT … IS ''`
 * removes it); a check only one side has is the definition comparison's business.
 *
 * @example
 * sameCheckComments([{ name: 'c', comment: 'why', … }], [{ name: 'c', comment: null, … }]) // false
 */
export function sameCheckComments(expected: readonly DomainCheck[], actual: readonly DomainCheck[]): boolean {
  const comments = (checks: readonly DomainCheck[]): Map<string, string> => new Map(checks.map((c) => [c.name, c.comment ?? '']));
  const a = comments(actual);
  for (const [name, comment] of comments(expected)) {
    const other = a.get(name);
    if (other !== undefined && other !== comment) return false;
  }
  return true;
}
