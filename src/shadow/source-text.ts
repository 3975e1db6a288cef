/**
 * Positions in SQL text. Three units meet here: the parser reports UTF-8 byte offsets,
 * PostgreSQL reports 1-based *character* positions in the text it was sent, and JavaScript
 * strings index UTF-16 code units. Users want `file:line:col` with columns in characters.
 */

/** An SQL script and the name its errors cite (the path as the user typed it). */
export interface SqlScript {
  readonly name: string;
  readonly text: string;
}

/**
 * Maps UTF-8 byte offsets of `text` to UTF-16 indexes, in O(1) per lookup: a schema dump
 * can hold thousands of statements, and decoding a prefix per statement would be quadratic.
 */
export function byteToIndexMap(text: string): (byteOffset: number) => number {
  const table = new Uint32Array(Buffer.byteLength(text, 'utf8') + 1);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) table[byte + b] = i;
    byte += bytes;
    if (code >= 0x10000) i++; // the low surrogate belongs to the same character
  }
  table[byte] = text.length;
  return (byteOffset) => table[Math.max(0, Math.min(byteOffset, byte))]!;
}

/**
 * The UTF-16 index of PostgreSQL's 1-based character `position` within `text`.
 *
 * @example
 * indexOfCharPosition('é😀x', 3) // → 3 (the emoji takes two UTF-16 units)
 */
export function indexOfCharPosition(text: string, position: number): number {
  let index = 0;
  for (let chars = 1; chars < position && index < text.length; chars++) {
    index += text.codePointAt(index)! >= 0x10000 ? 2 : 1;
  }
  return index;
}

/** 1-based line and column (in characters) of a UTF-16 index. */
export function lineColumn(text: string, index: number): { readonly line: number; readonly column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let column = 1;
  for (let i = lineStart; i < index; i += text.codePointAt(i)! >= 0x10000 ? 2 : 1) column++;
  return { line, column };
}

/**
 * `name:line:col` of a UTF-16 index in a script, the way editors and compilers cite places.
 *
 * @example
 * whereIn({ name: 'db/schema.sql', text: 'SELECT 1;\nSELEC 2;' }, 10) // → 'db/schema.sql:2:1'
 */
export function whereIn(script: SqlScript, index: number): string {
  const { line, column } = lineColumn(script.text, index);
  return `${script.name}:${line}:${column}`;
}
