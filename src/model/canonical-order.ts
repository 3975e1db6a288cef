import type { Grant, Snapshot } from './snapshot.js';

/** Code-unit order, the same on every machine and locale (unlike `localeCompare`). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTuples(a: readonly string[], b: readonly string[]): number {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const c = compareText(a[k] ?? '', b[k] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

function by<T>(key: (item: T) => readonly string[]): (items: readonly T[]) => T[] {
  return (items) => {
    const keys = items.map(key);
    // Array.prototype.sort is stable, so items with equal keys keep their relative order.
    if (keys.some((k) => k.some((part) => typeof part !== 'string' || part.includes('\u0000')))) {
      return [...items].sort((a, b) => compareTuples(key(a), key(b)));
    }
    // Tuples of one length whose parts hold no U+0000 (catalog names never do) order exactly
    // as their parts joined by U+0000: one string comparison instead of a tuple built for
    // each side of each comparison (~20,000 objects to sort at 2,000 tables).
    const joined = keys.map((k) => k.join('\u0000'));
    const order = items.map((_item, i) => i).sort((i, j) => compareText(joined[i] as string, joined[j] as string) || i - j);
    return order.map((i) => items[i] as T);
  };
}

/** A sorted copy, for lists whose order carries no meaning (options, roles, events). */
export const sortedStrings = (items: readonly string[]): string[] => [...items].sort(compareText);

const grantKey = (g: Grant): string[] => [
  g.objectType,
  g.schema,
  g.object,
  g.column ?? '',
  g.grantee,
  g.privilege,
  g.grantable ? '1' : '0',
];

/**
 * The snapshot with every list in canonical order: objects by identity (`schema.name`,
 * `schema.table.name`, functions by `schema.name(identity arguments)`, grants by all fields),
 * and the lists documented as sorted (table options, trigger events, policy roles, domain
 * checks) sorted too. Order that carries meaning — columns (attnum), constraint and index
 * keys, enum labels, composite attributes — is kept.
 *
 * Sources already produce this order; applying it again is cheap insurance that a snapshot
 * written to git never reorders by accident.
 *
 * @example
 * sortSnapshot(snapshot).tables.map((t) => `${t.schema}.${t.name}`) // ['app.a', 'public.a', 'public.b']
 */
export function sortSnapshot(s: Snapshot): Snapshot {
  return {
    ...s,
    schemas: by<Snapshot['schemas'][number]>((x) => [x.name])(s.schemas),
    extensions: by<Snapshot['extensions'][number]>((x) => [x.name])(s.extensions),
    tables: by<Snapshot['tables'][number]>((x) => [x.schema, x.name])(
      s.tables.map((t) => ({ ...t, options: sortedStrings(t.options) })),
    ),
    constraints: by<Snapshot['constraints'][number]>((x) => [x.schema, x.table, x.name])(s.constraints),
    indexes: by<Snapshot['indexes'][number]>((x) => [x.schema, x.table, x.name])(s.indexes),
    sequences: by<Snapshot['sequences'][number]>((x) => [x.schema, x.name])(s.sequences),
    views: by<Snapshot['views'][number]>((x) => [x.schema, x.name])(s.views),
    functions: by<Snapshot['functions'][number]>((x) => [x.schema, x.name, x.identityArguments])(s.functions),
    triggers: by<Snapshot['triggers'][number]>((x) => [x.schema, x.table, x.name])(
      s.triggers.map((t) => ({ ...t, events: sortedStrings(t.events) })),
    ),
    enums: by<Snapshot['enums'][number]>((x) => [x.schema, x.name])(s.enums),
    domains: by<Snapshot['domains'][number]>((x) => [x.schema, x.name])(
      s.domains.map((d) => ({ ...d, checks: by<(typeof d.checks)[number]>((c) => [c.name])(d.checks) })),
    ),
    compositeTypes: by<Snapshot['compositeTypes'][number]>((x) => [x.schema, x.name])(s.compositeTypes),
    policies: by<Snapshot['policies'][number]>((x) => [x.schema, x.table, x.name])(
      s.policies.map((p) => ({ ...p, roles: sortedStrings(p.roles) })),
    ),
    grants: by(grantKey)(s.grants),
  };
}
