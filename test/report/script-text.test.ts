import pg from 'pg';
import { commentedStatement, commentLine, guardedSql } from '../../src/report/script-text.js';
import { serverUrl } from '../helpers/db.js';

const client = new pg.Client({ connectionString: serverUrl() });
beforeAll(async () => {
  await client.connect();
  await client.query('SET standard_conforming_strings = on');
});
afterAll(async () => {
  await client.end();
});

/** Nothing a terminal obeys or psql ends a line at, but the line breaks between the statement's own lines. */
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const HOSTILE = [
  'x\nDROP TABLE users; --',
  'x\r\\! touch /tmp/owned',
  "it's \\ a \u001b]0;title\u0007 \u202eevil",
  'tab\there, crlf\r\n, nul-free \u0085 \u2028 end\\',
];

describe('guardedSql', () => {
  it('leaves a statement without control characters alone, however it is quoted', () => {
    const sql = `CREATE FUNCTION public.f() RETURNS text LANGUAGE sql AS $$SELECT 'a' || "b" -- c$$`;
    expect(guardedSql(sql)).toBe(sql);
    const formatted = 'CREATE TABLE public.t (\n    id integer,\n    "Name" text\n)';
    expect(guardedSql(formatted)).toBe(formatted);
    const body = "CREATE FUNCTION public.f() RETURNS void LANGUAGE plpgsql AS $body$\nBEGIN\n\tRAISE NOTICE 'x';\r\nEND;\n$body$";
    expect(guardedSql(body)).toBe(body);
  });

  it('writes quoted names in the U& form, strings in the E form, on one line', () => {
    expect(guardedSql('DROP TABLE public."x\nDROP TABLE users; --"')).toBe('DROP TABLE public.U&"x\\000aDROP TABLE users; --"');
    expect(guardedSql('CREATE INDEX "a\\b\r" ON public.t (c)')).toBe('CREATE INDEX U&"a\\\\b\\000d" ON public.t (c)');
    expect(guardedSql("COMMENT ON TABLE public.t IS 'it''s\n\\! rm -rf ~'")).toBe("COMMENT ON TABLE public.t IS E'it''s\\n\\\\! rm -rf ~'");
    expect(guardedSql("SELECT E'a\\\nb\u001b'")).toBe("SELECT E'a\\nb\\x1b'");
  });

  it('turns a dollar-quoted body holding more than line breaks into one E string line', () => {
    const sql = 'CREATE FUNCTION public.f() RETURNS text LANGUAGE sql AS $$\nSELECT \'\u001b[2J\'\n$$';
    expect(guardedSql(sql)).toBe("CREATE FUNCTION public.f() RETURNS text LANGUAGE sql AS E'\\nSELECT ''\\x1b[2J''\\n'");
  });

  it('shows the control characters of a comment', () => {
    expect(guardedSql('SELECT 1 /* a\nb\u001b */ -- c\u0007\nFROM t')).toBe('SELECT 1 /* a\\nb\\x1b */ -- c\\x07\nFROM t');
  });

  it('does not take $1, a$b or an unterminated tag for a dollar quote', () => {
    const sql = 'SELECT $1, a$b$, "x\ny"';
    expect(guardedSql(sql)).toBe('SELECT $1, a$b$, U&"x\\000ay"');
  });

  it.each(HOSTILE)('a guarded string and name mean what the raw ones do, to PostgreSQL: %j', async (text) => {
    const raw = `SELECT '${text.replaceAll("'", "''")}' AS s, 1 AS "${text.replaceAll('"', '""')}"`;
    const guarded = guardedSql(raw);
    expect(guarded).not.toMatch(UNSAFE_BUT_NEWLINE);
    expect(guarded).not.toContain('\n');
    const result = await client.query(guarded);
    expect(result.rows[0].s).toBe(text);
    expect(result.fields[1]?.name).toBe(text.slice(0, 63));
  });

  it.each(HOSTILE)('a guarded body means what the raw one does: %j', async (text) => {
    const raw = `SELECT $x$${text}$x$ AS s`;
    const result = await client.query(guardedSql(raw));
    expect(result.rows[0].s).toBe(text);
    expect(guardedSql(raw)).not.toMatch(UNSAFE_BUT_NEWLINE);
  });
});

describe('comment lines', () => {
  it('keep a name with line breaks on their one line', () => {
    expect(commentLine('[1] change table:public.x\r\\! touch /tmp/owned\nDROP TABLE users; --')).toBe('-- [1] change table:public.x\\r\\! touch /tmp/owned\\nDROP TABLE users; --');
  });

  it('comment a statement line by line, the statement itself guarded', () => {
    expect(commentedStatement('CREATE TABLE public."x\nDROP TABLE users; --" (\n    id integer\n)')).toEqual([
      '-- CREATE TABLE public.U&"x\\000aDROP TABLE users; --" (',
      '--     id integer',
      '-- );',
    ]);
    // A body's own lines are commented one by one too.
    expect(commentedStatement('CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$\n\\! touch /tmp/owned\r\n$$')).toEqual([
      '-- CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$',
      '-- \\! touch /tmp/owned\\r',
      '-- $$;',
    ]);
  });
});
