import type { Change } from '../../src/compare/change.js';
import { compare } from '../../src/compare/compare.js';
import type { Grant, Snapshot } from '../../src/model/snapshot.js';
import * as b from './builders.js';

/**
 * PostgreSQL 15 gave new databases a different `public` schema: owned by pg_database_owner, no
 * CREATE for PUBLIC (13 and 14: the bootstrap superuser, CREATE for PUBLIC). The same schema.sql
 * in the PGlite shadow (18) and on a 14 server must compare equal; a change either side makes
 * must still show. (Proven live against PostgreSQL 13.23 and 14.23 when this was written; CI
 * has 15 and 18 only.)
 */
const summary = (changes: readonly Change[]): string[] => changes.map((c) => `${c.kind} ${c.id}`);
const on = (serverVersionNum: number | null, s: Snapshot): Snapshot => ({ ...s, source: { ...s.source, serverVersionNum } });
const schemaGrant = (grantee: string, privilege: string): Grant => b.grant({ objectType: 'schema', schema: 'public', object: 'public', grantee, privilege });
const usage = schemaGrant('public', 'USAGE');
const create = schemaGrant('public', 'CREATE');

const pg18Default = (grants: Grant[] = [usage]) => on(180004, b.snapshot({ schemas: [b.schema({ owner: 'pg_database_owner' })], grants }));
const pg14 = (owner: string, grants: Grant[]) => on(140023, b.snapshot({ schemas: [b.schema({ owner })], grants }));

test("each version's default public schema: no difference, whichever side is older", async () => {
  const old = pg14('postgres', [usage, create]);
  expect(summary((await compare(pg18Default(), old)).changes)).toEqual([]);
  expect(summary((await compare(old, pg18Default())).changes)).toEqual([]);
});

test('CREATE revoked from PUBLIC on 14 is the 15+ default too', async () => {
  expect(summary((await compare(pg18Default(), pg14('postgres', [usage]))).changes)).toEqual([]);
});

test('CREATE granted to PUBLIC on both sides still matches; granted on 18 only, it is missing on 14', async () => {
  expect(summary((await compare(pg18Default([usage, create]), pg14('postgres', [usage, create]))).changes)).toEqual([]);
  expect(summary((await compare(pg18Default([usage, create]), pg14('postgres', [usage]))).changes)).toEqual(['missing grant:schema public to public CREATE']);
});

test('other grants on public, and a public owned by a role on the newer side, are still compared', async () => {
  const newerOwnedByApp = on(180004, b.snapshot({ schemas: [b.schema({ owner: 'app' })], grants: [usage] }));
  expect(summary((await compare(newerOwnedByApp, pg14('postgres', [usage]))).changes)).toEqual(['changed schema:public']);
  expect(summary((await compare(pg18Default([usage, schemaGrant('reader', 'USAGE')]), pg14('postgres', [usage, create]))).changes)).toEqual([
    'missing grant:schema public to reader USAGE',
  ]);
});

test('both sides on the same side of 15, or a version unknown: compared as they are', async () => {
  const pg13 = on(130023, b.snapshot({ schemas: [b.schema({ owner: 'postgres' })], grants: [usage, create] }));
  expect(summary((await compare(pg13, pg14('postgres', [usage]))).changes)).toEqual(['missing grant:schema public to public CREATE']);
  expect(summary((await compare(on(null, pg18Default()), pg14('postgres', [usage, create]))).changes)).toEqual([
    'changed schema:public',
    'unexpected grant:schema public to public CREATE',
  ]);
});
