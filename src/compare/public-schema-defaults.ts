import type { Grant, SchemaObject, Snapshot } from '../model/snapshot.js';

/** The first version whose new databases get PostgreSQL 15's `public` schema. */
const NEW_PUBLIC_SCHEMA = 150000;

type Side = Pick<Snapshot, 'source' | 'schemas' | 'grants'>;

const isPublicCreate = (g: Grant): boolean =>
  g.objectType === 'schema' && g.schema === 'public' && g.grantee === 'public' && g.privilege === 'CREATE' && g.column === null;

/**
 * PostgreSQL 15 changed the `public` schema every database starts with: owned by
 * `pg_database_owner`, and PUBLIC may no longer CREATE in it. On 13 and 14 it is owned by the
 * bootstrap superuser and PUBLIC may CREATE. Each is its version's default (pg_dump restores
 * neither), so the same schema.sql in the PGlite shadow (18) and on a 14 server must not differ
 * by them. When exactly one side is older than 15, its `public` owner is read as
 * `pg_database_owner` and its PUBLIC CREATE as absent — unless the newer side states the same
 * grant, which then still matches. So a 13 database that revoked CREATE matches 15's default,
 * and one granting it matches a 15 database granting it; what this cannot see is a 13 `public`
 * given to another owner while the newer side keeps the default owner.
 *
 * @example
 * // expected: PGlite 18 (public owned by pg_database_owner); actual: PostgreSQL 14 (owned by postgres, PUBLIC CREATE)
 * publicSchemaAsDefault(expected, actual).actual // public owned by pg_database_owner, without PUBLIC CREATE
 */
export function publicSchemaAsDefault<S extends Side>(expected: S, actual: S): { expected: S; actual: S } {
  const e = expected.source.serverVersionNum;
  const a = actual.source.serverVersionNum;
  if (e === null || a === null || e < NEW_PUBLIC_SCHEMA === a < NEW_PUBLIC_SCHEMA) return { expected, actual };
  const [older, newer] = e < NEW_PUBLIC_SCHEMA ? [expected, actual] : [actual, expected];
  const adjusted = asNewDefault(older, newer);
  return older === expected ? { expected: adjusted, actual } : { expected, actual: adjusted };
}

function asNewDefault<S extends Side>(older: S, newer: S): S {
  const newerPublic = newer.schemas.find((s) => s.name === 'public');
  if (newerPublic === undefined || !older.schemas.some((s) => s.name === 'public')) return older;
  const schemas: SchemaObject[] = older.schemas.map((s) =>
    s.name === 'public' && newerPublic.owner === 'pg_database_owner' && s.owner !== null ? { ...s, owner: 'pg_database_owner' } : s,
  );
  const grants = newer.grants.some(isPublicCreate) ? older.grants : older.grants.filter((g) => !isPublicCreate(g));
  return { ...older, schemas, grants };
}
