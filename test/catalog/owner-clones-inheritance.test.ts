import type { Snapshot } from '../../src/model/snapshot.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createRoles, dropRoles, one, roleName } from './fixture.js';

/** Introspection of what the drift corpus found missing: owner ACL entries, disabled clones, inheritance, comments of parts. */

let db: TestDatabase | undefined;
let snap: Snapshot;
const owner = roleName('icowner');
const other = roleName('icother');

beforeAll(async () => {
  await createRoles('icowner', 'icother');
  db = await createTestDatabase('pgdrift_cat');
  await db.exec(`
CREATE SCHEMA s;
CREATE TABLE s.revoked (a int); ALTER TABLE s.revoked OWNER TO ${owner}; REVOKE DELETE, TRUNCATE ON s.revoked FROM ${owner};
CREATE TABLE s.shared (a int); ALTER TABLE s.shared OWNER TO ${owner}; GRANT SELECT ON s.shared TO ${other};
CREATE TABLE s.untouched (a int); ALTER TABLE s.untouched OWNER TO ${owner};
CREATE TABLE s.given_back (a int); ALTER TABLE s.given_back OWNER TO ${owner};
REVOKE SELECT ON s.given_back FROM ${owner}; GRANT SELECT ON s.given_back TO ${owner};
CREATE FUNCTION s.f() RETURNS int LANGUAGE sql AS 'SELECT 1'; ALTER FUNCTION s.f() OWNER TO ${owner};

CREATE TABLE s.p (d date) PARTITION BY RANGE (d);
CREATE TABLE s.p1 PARTITION OF s.p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE s.p2 PARTITION OF s.p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE FUNCTION s.tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER tr AFTER INSERT ON s.p FOR EACH ROW EXECUTE FUNCTION s.tf();
ALTER TABLE s.p2 DISABLE TRIGGER tr;

CREATE TABLE s.base1 (a int); CREATE TABLE s.base2 (b int);
CREATE TABLE s.child (c int) INHERITS (s.base2, s.base1);

CREATE VIEW s.v AS SELECT 1 AS x, 2 AS y, 3 AS z;
COMMENT ON COLUMN s.v.z IS 'last'; COMMENT ON COLUMN s.v.x IS 'first';
CREATE DOMAIN s.d AS int CONSTRAINT d_pos CHECK (VALUE > 0) CONSTRAINT d_small CHECK (VALUE < 10);
COMMENT ON CONSTRAINT d_pos ON DOMAIN s.d IS 'positive';
ALTER TABLE s.base1 ENABLE ROW LEVEL SECURITY;
CREATE POLICY pol ON s.base1 USING (a > 0); COMMENT ON POLICY pol ON s.base1 IS 'only positive';
CREATE POLICY bare ON s.base1 USING (true);
`);
  snap = await snapshotDatabase(db.url);
});
afterAll(async () => {
  await db?.drop();
  await dropRoles('icowner', 'icother');
});

const grantsOn = (object: string) =>
  snap.grants
    .filter((g) => g.schema === 's' && g.object === object)
    .map((g) => `${g.grantee === owner ? 'owner' : g.grantee === other ? 'other' : g.grantee} ${g.privilege}${g.grantable ? '*' : ''}`)
    .sort();

describe("the owner's privileges", () => {
  it('are listed, what remains of them, once something was revoked from the owner', () => {
    const listed = grantsOn('revoked');
    expect(listed).toEqual(expect.arrayContaining(['owner INSERT', 'owner REFERENCES', 'owner SELECT', 'owner TRIGGER', 'owner UPDATE']));
    expect(listed).not.toContain('owner DELETE');
    expect(listed).not.toContain('owner TRUNCATE');
    // MAINTAIN exists from PostgreSQL 17.
    expect(listed).toHaveLength(snap.source.serverVersionNum! >= 170000 ? 6 : 5);
  });

  it('are left out while they are the full set: a default ACL, a grant to someone else, a privilege given back', () => {
    expect(grantsOn('untouched')).toEqual([]);
    expect(grantsOn('shared')).toEqual(['other SELECT']);
    expect(grantsOn('given_back')).toEqual([]);
    expect(grantsOn('f()')).toEqual(['public EXECUTE']);
  });
});

describe("partitions' clones of a trigger", () => {
  it('are listed only when enabled or disabled apart from the parent trigger', () => {
    const triggers = snap.triggers.filter((t) => t.schema === 's').map((t) => `${t.table}.${t.name} ${t.enabled}`);
    expect(triggers).toEqual(['p.tr origin', 'p2.tr disabled']);
  });
});

describe('inheritance', () => {
  it('lists the parents of plain inheritance in order, and none for partitions', () => {
    const table = (name: string) => one(snap.tables, `table s.${name}`, (t) => t.schema === 's' && t.name === name);
    expect(table('child').inherits).toEqual(['s.base2', 's.base1']);
    expect(table('p1').inherits).toEqual([]);
    expect(table('p1').partitionOf).toBe('s.p');
    expect(table('base1').inherits).toEqual([]);
  });
});

describe('comments of parts', () => {
  it("reads a view's column comments in column order, only those commented", () => {
    expect(one(snap.views, 'view s.v', (v) => v.name === 'v').columnComments).toEqual([
      { name: 'x', comment: 'first' },
      { name: 'z', comment: 'last' },
    ]);
  });

  it("reads a domain check's comment", () => {
    expect(one(snap.domains, 'domain s.d', (d) => d.name === 'd').checks.map((c) => [c.name, c.comment])).toEqual([
      ['d_pos', 'positive'],
      ['d_small', null],
    ]);
  });

  it("reads a policy's comment", () => {
    const policies = snap.policies.filter((p) => p.schema === 's').map((p) => [p.name, p.comment]);
    expect(policies).toEqual([
      ['bare', null],
      ['pol', 'only positive'],
    ]);
  });
});
