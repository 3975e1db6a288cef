/**
 * Orders by identity with plain code-unit comparison: the order must not depend on the
 * locale of the machine or the collation of the database that produced the snapshot.
 *
 * @example
 * tables.sort(byIdentity((t) => [t.schema, t.name]));
 */
export function byIdentity<T>(key: (item: T) => readonly string[]): (a: T, b: T) => number {
  return (a, b) => compareKeys(key(a), key(b));
}

export function compareKeys(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length;
}

/** A sorted copy, for lists whose order carries no meaning (options, roles, events). */
export function sortedStrings(values: readonly string[]): string[] {
  return [...values].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
