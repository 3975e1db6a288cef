import { randomBytes } from 'node:crypto';
import { UNSAFE_CHARACTER, visibleEscape } from './escape.js';

/** What colour detection needs from an output stream (`process.stdout` satisfies it). */
export interface ColorStream {
  readonly isTTY?: boolean;
}

/**
 * Whether to write ANSI colours: never when `NO_COLOR` is set and non-empty (no-color.org),
 * always when `FORCE_COLOR` is set (unless `0` or `false`), otherwise only on a terminal that
 * is not `TERM=dumb`.
 *
 * @example
 * renderText(report, { color: shouldUseColor(process.stdout, process.env) })
 */
export function shouldUseColor(stream: ColorStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Starts and ends a colour mark; an unsafe character, so one from outside is escaped. */
const MARK = '\u0000';

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof CODES;

/**
 * Wraps text in an ANSI style when colour is on, and returns it untouched otherwise; `lines`
 * makes the terminal text of lines painted with it.
 */
export interface Painter {
  (style: Style, text: string): string;
  /**
   * The lines joined, each ending in a newline, with every unsafe character (`escape.ts`)
   * escaped, however it got into a line: a catalog name, a message, a body. Only the colours
   * this painter made become ANSI codes: it marks them with a key drawn for it alone, which no
   * text from outside can know, so a name holding `\x1b[32m` is shown, never obeyed.
   */
  lines(lines: readonly string[]): string;
}

/**
 * @example
 * const paint = painter(true);
 * paint.lines([`${paint('red', '✗')} x\ny`]) // '\u001b[31m✗\u001b[39m x\\ny\n'
 */
export function painter(enabled: boolean): Painter {
  const key = randomBytes(8).toString('hex');
  const mark = new RegExp(`${MARK}${key}:(\\d+)${MARK}|${UNSAFE_CHARACTER.source}`, 'g');
  const paint = (style: Style, text: string): string => {
    if (!enabled || text === '') return text;
    const [open, close] = CODES[style];
    return `${MARK}${key}:${open}${MARK}${text}${MARK}${key}:${close}${MARK}`;
  };
  const line = (text: string): string => text.replace(mark, (char, code: string | undefined) => (code === undefined ? visibleEscape(char) : `\u001b[${code}m`));
  return Object.assign(paint, { lines: (lines: readonly string[]) => `${lines.map(line).join('\n')}\n` });
}

/**
 * Terminal text of lines without colour: each unsafe character escaped, one newline after each.
 *
 * @example
 * terminalText(['revision a1  add users\u001b[2J']) // 'revision a1  add users\\x1b[2J\n'
 */
export function terminalText(lines: readonly string[]): string {
  return painter(false).lines(lines);
}
