/**
 * golang-migrate's PostgreSQL driver with `x-multi-statement=true` (database/postgres/postgres.go,
 * database/multistmt/parse.go): the file is cut after every `;` byte — strings, comments and
 * dollar-quoted bodies are not looked into — and each piece is sent as a query of its own, outside
 * any transaction; a piece that is only whitespace is skipped. The first piece that fails stops the
 * run, with the pieces before it applied.
 */

/** `x-multi-statement-max-size` when not given, or given as 0 or less: 10 MB (`10 * 1 << 20`). */
export const GOLANG_MIGRATE_DEFAULT_MAX_SIZE = 10 * 2 ** 20;

/** One query golang-migrate sends: the text up to and with a `;`, or the rest of the file. */
export interface GolangMigratePiece {
  readonly text: string;
  /** UTF-16 index of `text` in the file. */
  readonly index: number;
  /** Whether it ends with the `;` it was cut at (only the last piece may not). */
  readonly cut: boolean;
  /** Its length in UTF-8 bytes, what the size limit counts. */
  readonly bytes: number;
}

/**
 * The queries golang-migrate sends for a file in multi-statement mode, in order.
 *
 * @example splitLikeGolangMigrate("SELECT ';';").map((p) => p.text) // ["SELECT ';", "';"]
 */
export function splitLikeGolangMigrate(text: string): GolangMigratePiece[] {
  const pieces: GolangMigratePiece[] = [];
  let start = 0;
  // ';' is one byte in UTF-8 and never part of a longer sequence: cutting the string is cutting the bytes.
  for (let at = text.indexOf(';'); at >= 0; at = text.indexOf(';', start)) {
    pieces.push(piece(text, start, at + 1, true));
    start = at + 1;
  }
  if (start < text.length) pieces.push(piece(text, start, text.length, false));
  return pieces;
}

function piece(text: string, start: number, end: number, cut: boolean): GolangMigratePiece {
  const t = text.slice(start, end);
  return { text: t, index: start, cut, bytes: Buffer.byteLength(t, 'utf8') };
}

/**
 * Whether golang-migrate stops at this piece with `bufio.Scanner: token too long`. Its scanner
 * starts with a 4096-byte buffer and doubles it up to the limit, so the real bound is the larger
 * of the two; a last piece with no `;` must also leave one byte free, since the scanner only
 * learns of the end of the file after a read that did not fill its buffer.
 *
 * @example tooLongForGolangMigrate({ bytes: 5000, cut: true }, 4096) // true
 */
export function tooLongForGolangMigrate(p: Pick<GolangMigratePiece, 'bytes' | 'cut'>, maxSize: number): boolean {
  const buffer = Math.max(4096, maxSize > 0 ? maxSize : GOLANG_MIGRATE_DEFAULT_MAX_SIZE);
  return p.cut ? p.bytes > buffer : p.bytes >= buffer;
}
