import { parse } from 'libpg-query';
import { parseInChunks, type ParsedStatement } from '../../src/shadow/parse-in-chunks.js';
import { byteToIndexMap } from '../../src/shadow/source-text.js';

/** What one parse of the whole text gives: positions and trees, locations as UTF-16 indexes. */
async function whole(text: string): Promise<unknown> {
  let result;
  try {
    result = await parse(text);
  } catch {
    return null;
  }
  const indexOf = byteToIndexMap(text);
  return (result.stmts ?? [])
    .filter((raw) => raw.stmt)
    .map((raw) => {
      const from = raw.stmt_location ?? 0;
      const tree = JSON.stringify(raw.stmt, (k, v) => (k === 'location' && typeof v === 'number' && v >= 0 ? indexOf(v) : v));
      return [indexOf(from), raw.stmt_len ? indexOf(from + raw.stmt_len) : text.length, tree];
    });
}

function comparable(statements: ParsedStatement[] | null): unknown {
  return statements?.map((s) => [
    s.start,
    s.end,
    JSON.stringify(s.tree, (k, v) => (k === 'location' && typeof v === 'number' && v >= 0 ? s.indexOfLocation(v) : v)),
  ]) ?? null;
}

/** Ordinary statements, with `;` and multi-byte characters in strings, comments and bodies. */
function filler(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(
      `CREATE TABLE t${i} (id int PRIMARY KEY, note text DEFAULT 'a;b é😀 ;', "x;y" int); -- a comment; with semicolons\n` +
        `/* block; /* nested; */ still; */ COMMENT ON TABLE t${i} IS E'it''s; \\'quoted\\';';\n` +
        `CREATE FUNCTION f${i}() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN PERFORM 1; RETURN ${i}; END $body$;\n`,
    );
  }
  return parts.join('');
}

describe('parseInChunks', () => {
  it('gives what one parse of the whole text gives, across many windows', async () => {
    const text = filler(4000); // ~1.3 MB: several windows, cut at ';' inside strings, comments and bodies
    const chunked = await parseInChunks(text);
    expect(chunked).not.toBeNull();
    expect(comparable(chunked)).toEqual(await whole(text));
  });

  it('parses a statement longer than a window (a string full of semicolons) whole', async () => {
    const long = `INSERT INTO t VALUES ('${'x;'.repeat(300_000)}');\n`;
    const text = `${filler(500)}${long}${filler(500)}`;
    expect(comparable(await parseInChunks(text))).toEqual(await whole(text));
  });

  it('keeps a BEGIN ATOMIC body that a window cuts after one of its own semicolons', async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `SELECT ${i};`).join(' ');
    const text = `${filler(300)}CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC ${body} END;\n${filler(300)}`;
    const chunked = await parseInChunks(text);
    expect(comparable(chunked)).toEqual(await whole(text));
    expect(chunked?.filter((s) => 'CreateFunctionStmt' in s.tree)).toHaveLength(601);
  });

  it('rejects a long text with a syntax error anywhere, as the whole-text parse does', async () => {
    expect(await parseInChunks(`${filler(2000)}CREATE TABEL oops (id int);\n${filler(10)}`)).toBeNull();
    expect(await parseInChunks(`${filler(10)}CREATE TABEL oops (id int);\n${filler(2000)}`)).toBeNull();
  });
});
