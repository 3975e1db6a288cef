import type { Change } from '../../src/compare/change.js';
import { compare } from '../../src/compare/compare.js';
import type { Grant, Snapshot } from '../../src/model/snapshot.js';
import * as b from './builders.js';

/**
 * MAINTAIN is a table privilege from PostgreSQL 17 on: `GRANT ALL` (and the owner's full set)
 * includes it there and cannot include it on 13-16. The same schema on 18 (or in the PGlite
 * shadow) and on 15 must not differ by it; every other privilege is still compared.
 */
const summary = (changes: readonly Change[]): string[] => changes.map((c) => `${c.kind} ${c.id}`);
const ALL_15 = ['INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
const grants = (grantee: string, privileges: readonly string[]): Grant[] => privileges.map((privilege) => b.grant({ grantee, privilege }));
const on = (serverVersionNum: number | null, s: Snapshot): Snapshot => ({ ...s, source: { ...s.source, serverVersionNum } });
const table = () => [b.table({ owner: 'app' })];

test('GRANT ALL on 18 vs on 15: the same grants', async () => {
  const pg18 = on(180004, b.snapshot({ tables: table(), grants: grants('reader', [...ALL_15, 'MAINTAIN']) }));
  const pg15 = on(150018, b.snapshot({ tables: table(), grants: grants('reader', ALL_15) }));
  expect(summary((await compare(pg18, pg15)).changes)).toEqual([]);
  expect(summary((await compare(pg15, pg18)).changes)).toEqual([]);
});

test("a privilege revoked from the owner on 18 and on 15: only the owner's full set differs, by MAINTAIN", async () => {
  const pg18 = on(180004, b.snapshot({ tables: table(), grants: grants('app', [...ALL_15.filter((p) => p !== 'DELETE'), 'MAINTAIN']) }));
  const pg15 = on(150018, b.snapshot({ tables: table(), grants: grants('app', ALL_15.filter((p) => p !== 'DELETE')) }));
  expect(summary((await compare(pg18, pg15)).changes)).toEqual([]);
  expect(summary((await compare(pg15, pg18)).changes)).toEqual([]);
});

test('other privileges are still compared across versions', async () => {
  const pg18 = on(180004, b.snapshot({ tables: table(), grants: grants('reader', ['SELECT', 'MAINTAIN']) }));
  const pg15 = on(150018, b.snapshot({ tables: table(), grants: grants('reader', ['SELECT', 'UPDATE']) }));
  expect(summary((await compare(pg18, pg15)).changes)).toEqual(['unexpected grant:table public.users to reader UPDATE']);
});

test('MAINTAIN is compared when both servers have it, or when a version is unknown', async () => {
  const with_ = b.snapshot({ tables: table(), grants: grants('reader', ['SELECT', 'MAINTAIN']) });
  const without = b.snapshot({ tables: table(), grants: grants('reader', ['SELECT']) });
  expect(summary((await compare(on(170000, with_), on(180004, without))).changes)).toEqual(['missing grant:table public.users to reader MAINTAIN']);
  expect(summary((await compare(on(null, with_), on(null, without))).changes)).toEqual(['missing grant:table public.users to reader MAINTAIN']);
});
