/**
 * Catalog names, comments and bodies are data, and so are file names and revision messages; a
 * terminal, psql and a markdown renderer obey some characters of data all the same. These are
 * the characters no renderer lets through raw:
 *
 * - C0 controls but tab, and DEL: ESC starts terminal commands (colour, cursor moves, erasing,
 *   the window title, hyperlinks, the clipboard), CR and LF start a line anew (a forged report
 *   line, or live SQL after a `--` comment), BS and the rest overwrite what is shown;
 * - C1 controls (U+0080–U+009F): CSI and OSC in one character, for terminals that take them;
 * - the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): they
 *   reorder what a reviewer reads without changing what runs ("Trojan Source");
 * - the line and paragraph separators (U+2028, U+2029), which some viewers break lines at.
 *
 * Tab is kept: it only moves the cursor right, and function bodies are indented with it.
 */
export const UNSAFE_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const UNSAFE_GLOBAL = new RegExp(UNSAFE_CHARACTER.source, 'g');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r' };

/**
 * A character's UTF-16 code in hex, `width` digits.
 *
 * @example
 * hexCode('\u001b', 2) // '1b'
 */
export const hexCode = (char: string, width: number): string => char.charCodeAt(0).toString(16).padStart(width, '0');

/**
 * One unsafe character as it is shown: `\n`, `\r`, `\x1b`, `\u0085`, `\u202e`. Also valid
 * escapes in an `E'…'` string, where `\x` is a byte: so only below 0x80, where byte and
 * character are one.
 *
 * @example
 * visibleEscape('\u001b') // '\\x1b'
 */
export function visibleEscape(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  return char.charCodeAt(0) < 0x80 ? `\\x${hexCode(char, 2)}` : `\\u${hexCode(char, 4)}`;
}

/**
 * `text` with every unsafe character shown as an escape, so it stays on one line and can
 * neither command a terminal nor reorder what is read. A backslash is left as it is: this is
 * for reading, and `--format json` is the exact form.
 *
 * @example
 * escapeControls('x\nDROP TABLE users; --') // 'x\\nDROP TABLE users; --'
 * escapeControls('\u001b]0;owned\u0007')      // '\\x1b]0;owned\\x07'
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_GLOBAL, visibleEscape);
}

/** What `JSON.stringify` leaves raw of the unsafe characters: the C0 controls it escapes itself. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `JSON.stringify(value, null, 2)` with every unsafe character inside a string written as a
 * `\u` escape: the same JSON to a parser, inert on a terminal.
 *
 * @example
 * jsonText({ name: 'a\u202eb' }) // '{\n  "name": "a\\u202eb"\n}'
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (c) => `\\u${hexCode(c, 4)}`);
}
