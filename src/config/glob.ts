/**
 * A matcher for one name pattern of an ignore rule: `*` is any run of characters (none
 * included), `?` is one character, everything else stands for itself. Anchored at both ends and
 * case-sensitive, as PostgreSQL names are (`"Users"` and `users` are two tables).
 *
 * @example
 * globMatcher('knex_*')('knex_migrations') // true
 * globMatcher('user?')('users')            // true
 * globMatcher('user')('users')             // false
 */
export function globMatcher(pattern: string): (name: string) => boolean {
  // Written out instead of a RegExp: a pattern comes from a file, and with a RegExp of many
  // stars it would be the file's author who decides how long a match takes.
  return (name) => matches([...pattern], [...name]);
}

/** Greedy matching with one backtrack point (the last star): linear in practice, never exponential. */
function matches(p: readonly string[], s: readonly string[]): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let resume = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === s[si]))) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++resume;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
