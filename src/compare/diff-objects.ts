import type { ChangeKind } from './change.js';
import type { ChangeIdentity } from './keys.js';

/**
 * The generic half of the comparator: match two lists of objects by identity key and compare
 * their properties one by one. It knows nothing about PostgreSQL; what to compare and how is
 * declared per object kind in `object-specs.ts`, and text canonicalisation lives in `postgres/`.
 */

/** Comparison switches, defaults applied. */
export interface ResolvedOptions {
  readonly owners: boolean;
  readonly grants: boolean;
  readonly comments: boolean;
  readonly ignoreTables: readonly string[];
  readonly renameHints: boolean;
}

export interface PropertySpec<T> {
  /** The property name, as it appears in the snapshot and in `Change.expected` / `actual`. */
  readonly name: string;
  /** True when both objects' values mean the same; default: deep equality. */
  readonly same?: (expected: T, actual: T) => boolean;
  /**
   * The property is read out of another one by the catalog (an index's `keys` out of its
   * definition): it is compared through that one, and reported only alongside it.
   */
  readonly derivedFrom?: string;
  /** False when the property is not compared for this pair (e.g. an owner one side does not declare). */
  readonly applies?: (expected: T, actual: T, options: ResolvedOptions) => boolean;
}

export interface ObjectSpec<T> {
  /** Matching key: objects with equal keys are the same object on both sides. */
  readonly key: (o: T) => string;
  readonly identity: (o: T) => ChangeIdentity;
  readonly properties: readonly PropertySpec<T>[];
  /**
   * Keys of the objects this one belongs to (`relation:public.users`, `routine:public.f(integer)`,
   * `schema:app`): when such an owner is itself missing or unexpected, only the owner is reported.
   */
  readonly parents?: (o: T) => readonly string[];
  /** The key by which sub-objects name this object as their parent. */
  readonly ownKey?: (o: T) => string;
  /** Everything but the name; equal signatures of a missing and an unexpected object suggest a rename. */
  readonly renameSignature?: (o: T) => string;
}

export interface PropertyDifference {
  readonly property: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly derived: boolean;
}

/** A change before its severity and message are decided. */
export interface Draft {
  readonly identity: ChangeIdentity;
  readonly kind: ChangeKind;
  readonly expected: object | null;
  readonly actual: object | null;
  /** For `changed`: what differs, in the spec's property order. */
  readonly differences: readonly PropertyDifference[];
  readonly parents: readonly string[];
  readonly ownKey: string | null;
  /** `objectType|schema|table|signature` for missing/unexpected objects that have a signature. */
  readonly renameGroup: string | null;
  renameHint?: { readonly from: string; readonly to: string };
  /** The other half of one difference (a rename, one uniqueness enforced two ways). */
  pairedWith?: Draft;
}

export interface Matched<T> {
  readonly pairs: readonly (readonly [T, T])[];
  readonly missing: readonly T[];
  readonly unexpected: readonly T[];
}

/**
 * Pairs objects with equal keys.
 *
 * @example
 * matchByKey((x: { n: string }) => x.n, [{ n: 'a' }, { n: 'b' }], [{ n: 'b' }, { n: 'c' }])
 * // { pairs: [[{n:'b'},{n:'b'}]], missing: [{n:'a'}], unexpected: [{n:'c'}] }
 */
export function matchByKey<T>(key: (o: T) => string, expected: readonly T[], actual: readonly T[]): Matched<T> {
  // One hash lookup per object and side (there is one object per column): each actual object
  // holds its key's slot, which an expected object with that key marks as matched. With
  // duplicate keys the last actual object is the one paired, and none of them is unexpected.
  const slots = new Map<string, { object: T; matched: boolean }>();
  const slotOf = actual.map((a) => {
    const k = key(a);
    let slot = slots.get(k);
    if (slot === undefined) slots.set(k, (slot = { object: a, matched: false }));
    else slot.object = a;
    return slot;
  });
  const pairs: (readonly [T, T])[] = [];
  const missing: T[] = [];
  for (const e of expected) {
    const slot = slots.get(key(e));
    if (slot === undefined) missing.push(e);
    else {
      slot.matched = true;
      pairs.push([e, slot.object]);
    }
  }
  const unexpected = actual.filter((_a, i) => !(slotOf[i] as { matched: boolean }).matched);
  return { pairs, missing, unexpected };
}

/**
 * Compares two lists of one object kind.
 *
 * @example
 * diffObjects(sequenceSpec, expected.sequences, actual.sequences, options)
 * // [{ kind: 'changed', identity: { id: 'sequence:public.s', … }, differences: [{ property: 'increment', … }], … }]
 */
export function diffObjects<T extends object>(spec: ObjectSpec<T>, expected: readonly T[], actual: readonly T[], options: ResolvedOptions): Draft[] {
  const { pairs, missing, unexpected } = matchByKey(spec.key, expected, actual);
  const drafts: Draft[] = [];
  const draft = (o: T, kind: ChangeKind, e: T | null, a: T | null, differences: readonly PropertyDifference[]): Draft => {
    const identity = spec.identity(o);
    const signature = kind !== 'changed' && options.renameHints && spec.renameSignature ? spec.renameSignature(o) : null;
    return {
      identity,
      kind,
      expected: e,
      actual: a,
      differences,
      parents: spec.parents ? spec.parents(o) : [],
      ownKey: spec.ownKey ? spec.ownKey(o) : null,
      renameGroup: signature === null ? null : `${identity.objectType}|${identity.schema}|${identity.table}|${signature}`,
    };
  };
  for (const e of missing) drafts.push(draft(e, 'missing', e, null, []));
  for (const a of unexpected) drafts.push(draft(a, 'unexpected', null, a, []));
  for (const [e, a] of pairs) {
    const differences = compareProperties(spec.properties, e, a, options);
    if (differences.length > 0) drafts.push(draft(e, 'changed', e, a, differences));
  }
  return drafts;
}

function compareProperties<T extends object>(properties: readonly PropertySpec<T>[], e: T, a: T, options: ResolvedOptions): PropertyDifference[] {
  const differs = (p: PropertySpec<T>): boolean =>
    (p.applies ? p.applies(e, a, options) : true) && !(p.same ? p.same(e, a) : deepEqual(get(e, p.name), get(a, p.name)));
  // Nearly every pair of objects is equal: find the first difference before building anything.
  const first = properties.findIndex(differs);
  if (first < 0) return [];
  const differing = [properties[first] as PropertySpec<T>, ...properties.slice(first + 1).filter(differs)];
  const differingNames = new Set(differing.map((p) => p.name));
  return differing
    // A derived property differing while its source is equal is the same thing printed differently.
    .filter((p) => p.derivedFrom === undefined || differingNames.has(p.derivedFrom))
    .map((p) => ({ property: p.name, expected: get(e, p.name), actual: get(a, p.name), derived: p.derivedFrom !== undefined }));
}

export function get(o: object, property: string): unknown {
  return (o as Record<string, unknown>)[property];
}

/**
 * Structural equality; key order does not matter (a snapshot read from JSON may order keys
 * differently). Defined as equal {@link stableStringify} output; a direct walk answers the
 * common case (equal values) without building strings, and anything it does not find equal is
 * decided by the definition, so edge cases (`NaN`, `undefined` members) read exactly as before.
 *
 * @example
 * deepEqual({ a: 1, b: [2] }, { b: [2], a: 1 }) // true
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  return plainEqual(a, b) || stableStringify(a) === stableStringify(b);
}

/** True only when `stableStringify(a) === stableStringify(b)` is sure to hold; false means "not sure". */
function plainEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!plainEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k of Object.keys(x)) {
    if (x[k] === undefined) continue;
    defined++;
    if (!Object.prototype.propertyIsEnumerable.call(y, k) || !plainEqual(x[k], y[k])) return false;
  }
  for (const k of Object.keys(y)) if (y[k] !== undefined) defined--;
  return defined === 0;
}

/** JSON with object keys sorted. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableStringify(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}
