import { readFileSync } from 'node:fs';
import { parseScript } from '../../src/shadow/parsed-script.js';
import { scriptRequirements } from '../../src/shadow/script-requirements.js';

const fixture = (name: string) => ({ name: `fixtures/sql/${name}`, text: readFileSync(`fixtures/sql/${name}`, 'utf8') });

describe('parseScript', () => {
  it('splits statements at parser boundaries, with character indexes into the file', async () => {
    const text = "-- é😀\nCREATE TABLE \"é\" (x int);  -- trailing\n\nSELECT ';' AS semi";
    const parsed = await parseScript({ name: 'x.sql', text });
    expect(parsed.statements?.map((s) => s.text)).toEqual(['CREATE TABLE "é" (x int)', "SELECT ';' AS semi"]);
    for (const s of parsed.statements ?? []) expect(text.slice(s.index, s.index + s.text.length)).toBe(s.text);
  });

  it('returns no statements when the parser rejects the text, leaving the error to the server', async () => {
    const parsed = await parseScript(fixture('syntax-error.sql'));
    expect(parsed.statements).toBeNull();
    expect(parsed.text).toBe(parsed.script.text);
  });

  it("blanks pg_dump's \\restrict guard lines without moving any position", async () => {
    const text = '\\restrict abc123\nCREATE TABLE t (id int);\n\\unrestrict abc123\n';
    const parsed = await parseScript({ name: 'dump.sql', text });
    expect(parsed.text).toHaveLength(text.length);
    expect(parsed.statements?.map((s) => [s.text, s.index])).toEqual([['CREATE TABLE t (id int)', 17]]);
  });

  it('keeps other psql meta-commands, which are errors', async () => {
    const parsed = await parseScript({ name: 'x.sql', text: '\\i other.sql\nSELECT 1;' });
    expect(parsed.statements).toBeNull();
  });
});

describe('scriptRequirements', () => {
  it('finds every role named by owners, grants, policies, default privileges and AUTHORIZATION', async () => {
    const needs = scriptRequirements([await parseScript(fixture('roles.sql'))]);
    expect(needs.roles.map((r) => r.name).sort()).toEqual(
      ['Billing Admin', 'app_user', 'auditors', 'billing_owner', 'reporting'].sort(),
    );
    // PUBLIC and CURRENT_USER are not roles; declared_here is created by the SQL itself.
    expect(needs.roles.find((r) => r.name === 'billing_owner')?.where).toBe('fixtures/sql/roles.sql:2:37');
    expect(needs.roles.find((r) => r.name === 'Billing Admin')?.where).toBe('fixtures/sql/roles.sql:4:38');
    expect(needs.extensions).toEqual([]);
  });

  it('finds SET ROLE and SET SESSION AUTHORIZATION targets, but not SET ROLE NONE', async () => {
    const text = 'SET ROLE app;\nSET SESSION AUTHORIZATION boss;\nSET ROLE NONE;\nRESET ROLE;';
    const needs = scriptRequirements([await parseScript({ name: 's.sql', text })]);
    expect(needs.roles).toEqual([
      { name: 'app', where: 's.sql:1:10' },
      { name: 'boss', where: 's.sql:2:27' },
    ]);
  });

  it('names each extension once, at its first CREATE EXTENSION, across scripts', async () => {
    const a = await parseScript(fixture('extension.sql'));
    const b = await parseScript({ name: 'b.sql', text: 'CREATE EXTENSION "uuid-ossp";\nCREATE EXTENSION citext;' });
    expect(scriptRequirements([a, b]).extensions).toEqual([
      { name: 'citext', where: 'fixtures/sql/extension.sql:1:1' },
      { name: 'pg_trgm', where: 'fixtures/sql/extension.sql:2:1' },
      { name: 'uuid-ossp', where: 'b.sql:1:1' },
    ]);
  });

  it('matches its documented example', async () => {
    const needs = scriptRequirements([
      await parseScript({ name: 's.sql', text: 'CREATE EXTENSION citext; GRANT SELECT ON t TO reader;' }),
    ]);
    expect(needs).toEqual({
      extensions: [{ name: 'citext', where: 's.sql:1:1' }],
      roles: [{ name: 'reader', where: 's.sql:1:47' }],
      createdRoles: [],
    });
  });
});
