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

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof CODES;

/** A function that wraps text in an ANSI style when colour is on, and returns it untouched otherwise. */
export type Painter = (style: Style, text: string) => string;

/**
 * @example
 * const paint = painter(true);
 * paint('red', '✗') // '\u001b[31m✗\u001b[39m'
 */
export function painter(enabled: boolean): Painter {
  return (style, text) => {
    if (!enabled || text === '') return text;
    const [open, close] = CODES[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  };
}
