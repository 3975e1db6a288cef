import { parse, type Node } from 'libpg-query';
import { byteToIndexMap } from './source-text.js';

/** A statement as the parser delimited it, positions in UTF-16 indexes of the whole text. */
export interface ParsedStatement {
  readonly tree: Node;
  readonly start: number;
  readonly end: number;
  /** UTF-16 index in the whole text of a parse-tree `location` (a UTF-8 byte offset). */
  readonly indexOfLocation: (location: number) => number;
}

/**
 * Characters parsed at once. The parser's WebAssembly memory grows to what the largest text it
 * parsed needed and never shrinks: a 3.5 MB schema parsed whole left 92 MB of it resident for
 * the rest of the process; in pieces of this size, a few MB.
 */
const CHUNK_CHARS = 256 * 1024;

/**
 * The statements of `text`, or null when the parser rejects it, exactly as one parse of the
 * whole text gives them (tree locations are relative to the piece parsed: map them with
 * `indexOfLocation`). A long text is parsed a window at a time, each window cut just after a
 * `;`. When a window parses, every statement but its last is final: the parser took the `;`
 * after it as the end of a statement, and nothing after that `;` changes what came before.
 * The last one may have been cut short, so the next window starts with it. A window that does
 * not parse (cut inside a string, a comment or a `BEGIN ATOMIC` body, or a real syntax error)
 * is tried twice as long, up to the whole rest of the text.
 *
 * @example
 * (await parseInChunks('CREATE TABLE t (id int); CREATE INDEX ON t (id);'))?.map((s) => [s.start, s.end]) // → [[0, 23], [25, 47]]
 */
export async function parseInChunks(text: string): Promise<ParsedStatement[] | null> {
  const statements: ParsedStatement[] = [];
  let start = 0;
  let size = CHUNK_CHARS;
  while (start + size < text.length) {
    const cut = text.lastIndexOf(';', start + size - 1) + 1;
    const piece = cut > start ? await parsePiece(text, start, cut) : null;
    if (piece === null || piece.length < 2) {
      size *= 2;
      continue;
    }
    const next = piece.pop()!;
    for (const statement of piece) statements.push(statement);
    start = next.start;
    size = CHUNK_CHARS;
  }
  const rest = await parsePiece(text, start, text.length);
  if (rest === null) return null;
  for (const statement of rest) statements.push(statement);
  return statements;
}

/** Parses text[start, end) on its own; positions are shifted to the whole text's. */
async function parsePiece(text: string, start: number, end: number): Promise<ParsedStatement[] | null> {
  const piece = start === 0 && end === text.length ? text : text.slice(start, end);
  let result;
  try {
    result = await parse(piece);
  } catch {
    return null;
  }
  const indexOf = byteToIndexMap(piece);
  const indexOfLocation = (location: number) => start + indexOf(location);
  const statements: ParsedStatement[] = [];
  for (const raw of result.stmts ?? []) {
    if (!raw.stmt) continue;
    const from = raw.stmt_location ?? 0;
    statements.push({
      tree: raw.stmt,
      start: indexOfLocation(from),
      // stmt_len 0 means "up to the end of the text" (the last statement, with no semicolon).
      end: raw.stmt_len ? indexOfLocation(from + raw.stmt_len) : end,
      indexOfLocation,
    });
  }
  return statements;
}
