import type { Grant, ObjectType, Routine } from '../model/snapshot.js';
import { collapseWhitespace } from './postgres/canonical.js';

/**
 * Identity of one object in a change: the fields of `Change` that say which object it is.
 * `id` is stable across runs and versions, so tools can track or silence one change.
 */
export interface ChangeIdentity {
  readonly id: string;
  readonly objectType: ObjectType;
  readonly schema: string | null;
  readonly table: string | null;
  readonly name: string;
  /** How messages name the object, e.g. `column public.users.email`. */
  readonly label: string;
}

/** Object types that belong to a table (or view): their ids and labels include it. */
const TABLE_OWNED = new Set<ObjectType>(['column', 'constraint', 'index', 'trigger', 'policy']);

/**
 * Identity of a table-owned or schema-level object.
 *
 * @example
 * objectIdentity('column', 'public', 'users', 'email').id // 'column:public.users.email'
 * objectIdentity('table', 'public', null, 'users').id     // 'table:public.users'
 * objectIdentity('schema', 'app', null, 'app').id         // 'schema:app'
 * objectIdentity('extension', null, null, 'pgcrypto').id  // 'extension:pgcrypto'
 */
export function objectIdentity(objectType: ObjectType, schema: string | null, table: string | null, name: string): ChangeIdentity {
  let qualified: string;
  if (TABLE_OWNED.has(objectType)) qualified = `${schema}.${table}.${name}`;
  else if (objectType === 'schema' || schema === null) qualified = name;
  else qualified = `${schema}.${name}`;
  return {
    id: `${objectType}:${qualified}`,
    objectType,
    schema,
    table: TABLE_OWNED.has(objectType) ? table : null,
    name,
    label: `${objectType} ${qualified}`,
  };
}

/**
 * Routines are identified by their identity arguments (overloads differ only there);
 * aggregates and window functions are reported as functions.
 *
 * @example
 * routineIdentity({ schema: 'public', name: 'add', kind: 'function', identityArguments: 'a integer, b integer', … }).id
 * // 'function:public.add(a integer, b integer)'
 */
export function routineIdentity(r: Routine): ChangeIdentity {
  return objectIdentity(routineObjectType(r), r.schema, null, routineSignature(r));
}

export function routineObjectType(r: Routine): 'function' | 'procedure' {
  return r.kind === 'procedure' ? 'procedure' : 'function';
}

/** `name(identity arguments)`, the same text `Grant.object` uses for a function. */
export function routineSignature(r: Routine): string {
  return `${r.name}(${collapseWhitespace(r.identityArguments)})`;
}

/**
 * A grant is identified by everything but `grantable`.
 *
 * @example
 * grantIdentity({ objectType: 'column', schema: 'public', object: 'users', column: 'email', grantee: 'app', privilege: 'SELECT', grantable: false })
 * // { id: 'grant:column public.users.email to app SELECT', name: 'SELECT (email) on table users to app',
 * //   label: 'grant SELECT (email) on table public.users to app', … }
 */
export function grantIdentity(g: Grant): ChangeIdentity {
  const target = g.objectType === 'schema' ? g.schema : `${g.schema}.${g.object}`;
  const column = g.column === null ? '' : `.${g.column}`;
  const onType = g.objectType === 'column' ? 'table' : g.objectType;
  const privilege = g.column === null ? g.privilege : `${g.privilege} (${g.column})`;
  const object = g.objectType === 'schema' ? g.schema : g.object;
  return {
    id: `grant:${g.objectType} ${target}${column} to ${g.grantee} ${g.privilege}`,
    objectType: 'grant',
    schema: g.schema,
    table: null,
    name: `${privilege} on ${onType} ${object} to ${g.grantee}`,
    label: `grant ${privilege} on ${onType} ${target} to ${g.grantee}`,
  };
}
