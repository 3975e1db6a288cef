import type {
  Column,
  CompositeType,
  Constraint,
  Domain,
  DomainCheck,
  EnumType,
  Extension,
  Grant,
  Index,
  Policy,
  Routine,
  SchemaObject,
  Sequence,
  Table,
  Trigger,
  View,
} from '../model/snapshot.js';
import { deepEqual, get, stableStringify, type ObjectSpec, type PropertySpec } from './diff-objects.js';
import { grantIdentity, objectIdentity, routineIdentity, routineSignature } from './keys.js';
import { sameCheckComments } from './check-comments.js';
import { canonicalBody, canonicalFragment, collapseWhitespace, type FragmentKind } from './postgres/canonical.js';

/**
 * What counts as drift, object kind by object kind: every field of the Snapshot model is listed
 * here, with how it is compared. Identity fields (schema, table, name, a routine's identity
 * arguments, a grant's target) are the matching key, not properties.
 */

const relationKey = (schema: string, name: string): string => `relation:${schema}.${name}`;

function canonicalOrNull(kind: FragmentKind, text: string | null): string | null {
  return text === null ? null : canonicalFragment(kind, text);
}

/**
 * Catalog text compared through the parser (see `postgres/`). The canonical form is a function
 * of the text, so identical text (the usual case: both sides printed by the same server
 * version) is equal without parsing.
 */
function fragment<T extends object>(name: string, kind: FragmentKind): PropertySpec<T> {
  return {
    name,
    same: (e, a) => {
      const x = get(e, name) as string | null;
      const y = get(a, name) as string | null;
      return x === y || canonicalOrNull(kind, x) === canonicalOrNull(kind, y);
    },
  };
}

/** Text PostgreSQL prints without expressions in it; only whitespace may differ. */
function text<T extends object>(name: string): PropertySpec<T> {
  const norm = (v: unknown): string | null => (v === null ? null : collapseWhitespace(String(v)));
  return {
    name,
    same: (e, a) => {
      const x = get(e, name);
      const y = get(a, name);
      return (x === y && typeof x === 'string') || norm(x) === norm(y);
    },
  };
}

/** A list whose order means nothing (storage parameters, roles, settings). */
function unordered<T extends object>(name: string): PropertySpec<T> {
  const sorted = (v: unknown): string[] => [...(v as readonly string[])].sort();
  return {
    name,
    same: (e, a) => {
      const x = get(e, name) as readonly string[];
      const y = get(a, name) as readonly string[];
      // Most often both lists are empty or in the same order; sorting is for the rest.
      return sameStrings(x, y) || deepEqual(sorted(x), sorted(y));
    },
  };
}

function sameStrings(x: readonly string[], y: readonly string[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] || typeof x[i] !== 'string') return false;
  return true;
}

function derived<T extends object>(name: string, from: string): PropertySpec<T> {
  return { name, derivedFrom: from };
}

/** Comments: null and '' both mean "no comment" (COMMENT ON … IS '' removes it). */
function comment<T extends { readonly comment: string | null }>(): PropertySpec<T> {
  return { name: 'comment', same: (e, a) => (e.comment ?? '') === (a.comment ?? ''), applies: (_e, _a, o) => o.comments };
}

/** Owners: null means the source does not declare owners (a shadow database), so only two declared owners compare. */
function owner<T extends { readonly owner: string | null }>(): PropertySpec<T> {
  return { name: 'owner', applies: (e, a, o) => o.owners && e.owner !== null && a.owner !== null };
}

export const schemaSpec: ObjectSpec<SchemaObject> = {
  key: (s) => s.name,
  identity: (s) => objectIdentity('schema', s.name, null, s.name),
  ownKey: (s) => `schema:${s.name}`,
  properties: [owner(), comment()],
};

export const extensionSpec: ObjectSpec<Extension> = {
  key: (x) => x.name,
  identity: (x) => objectIdentity('extension', null, null, x.name),
  properties: [
    // null: a source that names the extension without a version (SQL applied to a shadow).
    { name: 'version', applies: (e, a) => e.version !== null && a.version !== null },
    { name: 'schema' },
  ],
};

/** A column's substance, for table and column rename hints. */
function columnSignature(c: Column): string {
  return stableStringify([c.type, c.collation, c.notNull, canonicalOrNull('expression', c.default), c.identity, canonicalOrNull('expression', c.generated), c.generatedStorage]);
}

export const tableSpec: ObjectSpec<Table> = {
  key: (t) => `${t.schema}.${t.name}`,
  identity: (t) => objectIdentity('table', t.schema, null, t.name),
  ownKey: (t) => relationKey(t.schema, t.name),
  // Columns are compared as objects of their own (see columnSpec), not as a property.
  properties: [
    { name: 'kind' },
    { name: 'persistence' },
    fragment('partitionKey', 'partition key'),
    text('partitionOf'),
    fragment('partitionBound', 'partition bound'),
    // Order matters: it decides the order of the inherited columns.
    { name: 'inherits' },
    unordered('options'),
    { name: 'rlsEnabled' },
    { name: 'rlsForced' },
    owner(),
    comment(),
  ],
  renameSignature: (t) =>
    stableStringify([t.kind, t.persistence, canonicalOrNull('partition key', t.partitionKey), t.columns.map((c) => `${c.name} ${columnSignature(c)}`).sort()]),
};

/**
 * Columns of one table. Position (attnum) is deliberately not compared: migrations append
 * columns with ADD COLUMN, so a database built by migrations and one built from a declarative
 * schema list them in different orders, and neither is drift. Dropped columns are not in the
 * model at all, so the gaps they leave never show.
 */
export function columnSpec(schema: string, table: string): ObjectSpec<Column> {
  return {
    key: (c) => c.name,
    identity: (c) => objectIdentity('column', schema, table, c.name),
    parents: () => [relationKey(schema, table)],
    properties: [
      { name: 'type' },
      { name: 'collation' },
      { name: 'notNull' },
      fragment('default', 'expression'),
      { name: 'identity' },
      fragment('generated', 'expression'),
      { name: 'generatedStorage' },
      comment(),
    ],
    renameSignature: columnSignature,
  };
}

export const constraintSpec: ObjectSpec<Constraint> = {
  key: (c) => `${c.schema}.${c.table}.${c.name}`,
  identity: (c) => objectIdentity('constraint', c.schema, c.table, c.name),
  parents: (c) => [relationKey(c.schema, c.table)],
  properties: [
    // The definition without NOT VALID / DEFERRABLE, which are compared on their own.
    fragment('definition', 'constraint'),
    derived('type', 'definition'),
    derived('columns', 'definition'),
    derived('references', 'definition'),
    { name: 'validated' },
    { name: 'deferrable' },
    { name: 'initiallyDeferred' },
    comment(),
  ],
  renameSignature: (c) => stableStringify([canonicalFragment('constraint', c.definition), c.validated, c.deferrable, c.initiallyDeferred]),
};

export const indexSpec: ObjectSpec<Index> = {
  key: (i) => `${i.schema}.${i.table}.${i.name}`,
  identity: (i) => objectIdentity('index', i.schema, i.table, i.name),
  parents: (i) => [relationKey(i.schema, i.table)],
  properties: [
    // The CREATE INDEX without the index's own name and WITH (…) storage parameters.
    fragment('definition', 'index'),
    derived('method', 'definition'),
    derived('unique', 'definition'),
    derived('keys', 'definition'),
    derived('include', 'definition'),
    derived('predicate', 'definition'),
    { name: 'valid' },
    { name: 'constraint' },
    unordered('options'),
    comment(),
  ],
  renameSignature: (i) => stableStringify([canonicalFragment('index', i.definition), [...i.options].sort()]),
};

export const sequenceSpec: ObjectSpec<Sequence> = {
  key: (s) => `${s.schema}.${s.name}`,
  identity: (s) => objectIdentity('sequence', s.schema, null, s.name),
  ownKey: (s) => relationKey(s.schema, s.name),
  // A serial column's sequence goes with its table: when the table is missing, so is it.
  parents: (s) => {
    const [schema, table] = s.ownedBy?.split('.') ?? [];
    return schema !== undefined && table !== undefined ? [relationKey(schema, table)] : [];
  },
  properties: [
    { name: 'type' },
    { name: 'start' },
    { name: 'increment' },
    { name: 'min' },
    { name: 'max' },
    { name: 'cache' },
    { name: 'cycle' },
    text('ownedBy'),
    owner(),
    comment(),
  ],
  renameSignature: (s) => stableStringify([s.type, s.start, s.increment, s.min, s.max, s.cache, s.cycle]),
};

export const viewSpec: ObjectSpec<View> = {
  // Keyed without `materialized`, so a view turned materialized is one change, not two.
  key: (v) => `${v.schema}.${v.name}`,
  identity: (v) => objectIdentity(v.materialized ? 'materialized view' : 'view', v.schema, null, v.name),
  ownKey: (v) => relationKey(v.schema, v.name),
  properties: [
    { name: 'materialized' },
    fragment('definition', 'view'),
    unordered('options'),
    owner(),
    comment(),
    { name: 'columnComments', applies: (_e, _a, o) => o.comments },
  ],
  renameSignature: (v) => stableStringify([v.materialized, canonicalFragment('view', v.definition)]),
};

export const routineSpec: ObjectSpec<Routine> = {
  key: (r) => `${r.schema}.${routineSignature(r)}`,
  identity: routineIdentity,
  ownKey: (r) => `routine:${r.schema}.${routineSignature(r)}`,
  properties: [
    { name: 'kind' },
    fragment('arguments', 'function arguments'),
    text('returns'),
    { name: 'language' },
    {
      name: 'body',
      // Across a language change the bodies can only be compared as text.
      same: (e, a) => {
        if (e.body === a.body) return true;
        const language = e.language === a.language ? e.language : 'text';
        return canonicalBody(language, e.body) === canonicalBody(language, a.body);
      },
    },
    { name: 'volatility' },
    { name: 'strict' },
    { name: 'securityDefiner' },
    { name: 'leakproof' },
    { name: 'parallel' },
    unordered('config'),
    owner(),
    comment(),
  ],
  renameSignature: (r) =>
    stableStringify([r.kind, canonicalFragment('function arguments', r.arguments), collapseWhitespace(r.returns ?? ''), r.language, canonicalBody(r.language, r.body)]),
};

export const triggerSpec: ObjectSpec<Trigger> = {
  key: (t) => `${t.schema}.${t.table}.${t.name}`,
  identity: (t) => objectIdentity('trigger', t.schema, t.table, t.name),
  parents: (t) => [relationKey(t.schema, t.table)],
  properties: [
    // The CREATE TRIGGER without the trigger's own name.
    fragment('definition', 'trigger'),
    derived('timing', 'definition'),
    derived('events', 'definition'),
    derived('level', 'definition'),
    derived('function', 'definition'),
    derived('condition', 'definition'),
    { name: 'enabled' },
    comment(),
  ],
  renameSignature: (t) => stableStringify([canonicalFragment('trigger', t.definition), t.enabled]),
};

export const enumSpec: ObjectSpec<EnumType> = {
  key: (e) => `${e.schema}.${e.name}`,
  identity: (e) => objectIdentity('enum', e.schema, null, e.name),
  // Order matters: it is the sort order of the type.
  properties: [{ name: 'labels' }, owner(), comment()],
  renameSignature: (e) => stableStringify(e.labels),
};

function canonicalChecks(checks: readonly DomainCheck[]): string {
  return stableStringify([...checks].sort((x, y) => (x.name < y.name ? -1 : 1)).map((c) => [c.name, canonicalFragment('constraint', c.definition), c.validated]));
}

export const domainSpec: ObjectSpec<Domain> = {
  key: (d) => `${d.schema}.${d.name}`,
  identity: (d) => objectIdentity('domain', d.schema, null, d.name),
  properties: [
    { name: 'baseType' },
    { name: 'collation' },
    fragment('default', 'expression'),
    { name: 'notNull' },
    { name: 'checks', same: (e, a) => deepEqual(e.checks, a.checks) || canonicalChecks(e.checks) === canonicalChecks(a.checks) },
    // Checks alike but for their comments: reported as `checks` too, and only when comments are compared.
    {
      name: 'checks',
      same: (e, a) => sameCheckComments(e.checks, a.checks),
      applies: (e, a, o) => o.comments && !sameCheckComments(e.checks, a.checks) && canonicalChecks(e.checks) === canonicalChecks(a.checks),
    },
    owner(),
    comment(),
  ],
  renameSignature: (d) => stableStringify([d.baseType, d.collation, canonicalOrNull('expression', d.default), d.notNull, canonicalChecks(d.checks)]),
};

export const compositeTypeSpec: ObjectSpec<CompositeType> = {
  key: (c) => `${c.schema}.${c.name}`,
  identity: (c) => objectIdentity('composite type', c.schema, null, c.name),
  // Attribute order matters: ROW(…) values and casts are positional.
  properties: [{ name: 'attributes' }, owner(), comment()],
  renameSignature: (c) => stableStringify(c.attributes),
};

export const policySpec: ObjectSpec<Policy> = {
  key: (p) => `${p.schema}.${p.table}.${p.name}`,
  identity: (p) => objectIdentity('policy', p.schema, p.table, p.name),
  parents: (p) => [relationKey(p.schema, p.table)],
  properties: [{ name: 'command' }, { name: 'permissive' }, unordered('roles'), fragment('using', 'expression'), fragment('withCheck', 'expression'), comment()],
  renameSignature: (p) =>
    stableStringify([p.command, p.permissive, [...p.roles].sort(), canonicalOrNull('expression', p.using), canonicalOrNull('expression', p.withCheck)]),
};

export const grantSpec: ObjectSpec<Grant> = {
  key: (g) => grantIdentity(g).id,
  identity: grantIdentity,
  // A grant goes with the object it is on: a missing table's grants are not reported on their own.
  parents: (g) =>
    g.objectType === 'schema'
      ? [`schema:${g.schema}`]
      : g.objectType === 'function'
        ? [`routine:${g.schema}.${collapseWhitespace(g.object)}`]
        : [relationKey(g.schema, g.object)],
  properties: [{ name: 'grantable' }],
};
